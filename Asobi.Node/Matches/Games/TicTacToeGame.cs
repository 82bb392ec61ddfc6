using System.Text.Json;

namespace Asobi.Node.Matches.Games;

/// <summary>
/// Turn-based tic-tac-toe for two: the first to join plays X and moves first. Input <c>{cell: 0..8}</c> on one's
/// turn; anything else is answered with a <c>match.invalid_move</c> event. Three in a row wins; a full board draws;
/// a player left alone wins by forfeit.
/// </summary>
public sealed class TicTacToeGame(MatchGameContext context) : IMatchGame
{
    private static readonly int[][] Lines =
        [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6]];

    private readonly string[] board = [.. Enumerable.Repeat("", 9)];
    private readonly List<Guid> players = [];
    private int turn;
    private GameResult? outcome;
    private bool forfeit;

    public bool SharedState => true;

    public void Join(Guid playerId)
    {
        if (players.Count < 2 && !players.Contains(playerId))
        {
            players.Add(playerId);
        }
    }

    public void Leave(Guid playerId)
    {
        if (players.Contains(playerId) && players.Count == 2 && outcome is null)
        {
            forfeit = true;
            var winner = players.First(p => p != playerId);
            outcome = new GameResult(new TicTacToeResult(winner.ToString(), "forfeit", board), winner);
        }
    }

    public void HandleInput(Guid playerId, JsonElement input)
    {
        if (outcome is not null)
        {
            return;
        }

        var cell = InputReader.Number(input, "cell");
        var mover = players.IndexOf(playerId);
        if (players.Count < 2 || mover != turn || cell is not { } c || c < 0 || c > 8 || c != Math.Floor(c) || board[(int)c] != "")
        {
            context.Emit("invalid_move", new { player_id = playerId, reason = players.Count < 2 ? "waiting_for_opponent" : mover != turn ? "not_your_turn" : "bad_cell" });
            return;
        }

        board[(int)c] = Mark(turn);
        context.Emit("moved", new { player_id = playerId, cell = (int)c, mark = Mark(turn) });
        if (Lines.Any(l => l.All(i => board[i] == Mark(turn))))
        {
            outcome = new GameResult(new TicTacToeResult(playerId.ToString(), "three_in_a_row", board), playerId);
        }
        else if (board.All(b => b != ""))
        {
            outcome = new GameResult(new TicTacToeResult(null, "draw", board));
        }

        turn = 1 - turn;
    }

    public GameResult? Tick(TimeSpan elapsed) => outcome;

    public object State(Guid? playerId) => new TicTacToeState(
        board, players.Select(p => p.ToString()).ToArray(), players.Count == 2 ? players[turn].ToString() : null,
        outcome is null ? "playing" : "finished", forfeit);

    private static string Mark(int index) => index == 0 ? "X" : "O";

    private sealed record TicTacToeState(string[] Board, string[] Players, string? Turn, string Phase, bool Forfeit);

    private sealed record TicTacToeResult(string? Winner, string Reason, string[] Board);
}
