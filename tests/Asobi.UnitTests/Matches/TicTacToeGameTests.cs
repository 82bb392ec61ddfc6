using System.Text.Json;
using Asobi.Node.Matches.Games;

namespace Asobi.UnitTests.Matches;

public sealed class TicTacToeGameTests
{
    private readonly Guid x = Guid.NewGuid();
    private readonly Guid o = Guid.NewGuid();
    private readonly MatchGameContext context = new(Guid.NewGuid(), "tictactoe", new Random(1));

    private static JsonElement Cell(int c) => JsonSerializer.SerializeToElement(new { cell = c });

    private TicTacToeGame Started()
    {
        var game = new TicTacToeGame(context);
        game.Join(x);
        game.Join(o);
        return game;
    }

    [Fact]
    public void Three_in_a_row_wins_for_the_player_who_made_it()
    {
        var game = Started();
        foreach (var (p, c) in new[] { (x, 0), (o, 3), (x, 1), (o, 4), (x, 2) })
        {
            Assert.Null(game.Tick(TimeSpan.Zero));
            game.HandleInput(p, Cell(c));
        }

        var result = game.Tick(TimeSpan.Zero);
        Assert.NotNull(result);
        Assert.Equal(x, result.Winner);
    }

    [Fact]
    public void Moving_out_of_turn_or_on_a_taken_cell_is_refused_with_an_event()
    {
        var game = Started();
        game.HandleInput(o, Cell(0));
        game.HandleInput(x, Cell(0));
        game.HandleInput(o, Cell(0));
        game.HandleInput(o, Cell(9));

        var events = context.DrainEvents();
        Assert.Equal(["invalid_move", "moved", "invalid_move", "invalid_move"], events.Select(e => e.Name));
    }

    [Fact]
    public void A_full_board_without_a_line_is_a_draw()
    {
        var game = Started();
        foreach (var (p, c) in new[] { (x, 0), (o, 1), (x, 2), (o, 4), (x, 3), (o, 5), (x, 7), (o, 6), (x, 8) })
        {
            game.HandleInput(p, Cell(c));
        }

        var result = game.Tick(TimeSpan.Zero);
        Assert.NotNull(result);
        Assert.Null(result.Winner);
    }

    [Fact]
    public void The_remaining_player_wins_when_the_opponent_leaves()
    {
        var game = Started();
        game.Leave(o);
        Assert.Equal(x, game.Tick(TimeSpan.Zero)?.Winner);
    }
}
