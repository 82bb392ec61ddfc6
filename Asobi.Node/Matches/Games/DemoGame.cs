using System.Text.Json;

namespace Asobi.Node.Matches.Games;

/// <summary>
/// The SDK smoke mode: an 800×600 arena where each player moves by <c>move * 4</c> px per tick, 60 s rounds.
/// The exact contract is in the protocol document.
/// </summary>
public sealed class DemoGame(MatchGameContext context) : IMatchGame
{
    public const int ArenaWidth = 800;
    public const int ArenaHeight = 600;
    public const double Speed = 4;
    public static readonly TimeSpan RoundLength = TimeSpan.FromSeconds(60);

    private readonly Dictionary<Guid, DemoPlayer> players = [];
    private TimeSpan played;
    private string phase = "playing";

    public bool SharedState => true;

    public void Join(Guid playerId)
    {
        if (!players.ContainsKey(playerId))
        {
            players[playerId] = new DemoPlayer { X = context.Random.Next(50, 751), Y = context.Random.Next(50, 551) };
        }
    }

    public void Leave(Guid playerId) => players.Remove(playerId);

    public void HandleInput(Guid playerId, JsonElement input)
    {
        if (!players.TryGetValue(playerId, out var player))
        {
            return;
        }

        if (InputReader.Number(input, "move_x") is { } mx)
        {
            player.MoveX = Math.Clamp(mx, -1, 1);
        }

        if (InputReader.Number(input, "move_y") is { } my)
        {
            player.MoveY = Math.Clamp(my, -1, 1);
        }
    }

    public GameResult? Tick(TimeSpan elapsed)
    {
        foreach (var p in players.Values)
        {
            p.X = Math.Clamp(p.X + (p.MoveX * Speed), 0, ArenaWidth);
            p.Y = Math.Clamp(p.Y + (p.MoveY * Speed), 0, ArenaHeight);
        }

        played += elapsed;
        if (played < RoundLength)
        {
            return null;
        }

        phase = "finished";
        return new GameResult(new DemoResult((long)played.TotalMilliseconds, Snapshot()));
    }

    public object State(Guid? playerId) => new DemoState(ArenaWidth, ArenaHeight, Snapshot(), (long)played.TotalMilliseconds, phase);

    private Dictionary<string, DemoPlayerState> Snapshot() =>
        players.ToDictionary(p => p.Key.ToString(), p => new DemoPlayerState(p.Value.X, p.Value.Y, p.Value.MoveX, p.Value.MoveY));

    private sealed class DemoPlayer
    {
        public double X { get; set; }

        public double Y { get; set; }

        public double MoveX { get; set; }

        public double MoveY { get; set; }
    }

    private sealed record DemoPlayerState(double X, double Y, double MoveX, double MoveY);

    private sealed record DemoState(int ArenaW, int ArenaH, Dictionary<string, DemoPlayerState> Players, long ElapsedMs, string Phase);

    private sealed record DemoResult(long DurationMs, Dictionary<string, DemoPlayerState> Players);
}
