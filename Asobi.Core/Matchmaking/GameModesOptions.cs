namespace Asobi.Matchmaking;

/// <summary>The modes players can queue for (<c>Asobi:Modes</c>); configuration adds modes or overrides the built-in ones.</summary>
public sealed class GameModesOptions
{
    public const string Section = "Asobi:Modes";

    public const string Demo = "demo";

    public const string TicTacToe = "tictactoe";

    public const string TugOfWar = "tugofwar";

    public Dictionary<string, GameMode> Modes { get; } = new(StringComparer.Ordinal)
    {
        // The realtime mode every Erlang Asobi SDK smoke-tests against.
        [Demo] = new GameMode { MatchSize = 2, Teams = 1, TickRate = 10, Strategy = "fill" },
        [TicTacToe] = new GameMode { MatchSize = 2, Teams = 2, TickRate = 10, Strategy = "fill" },
        // 2v2, ends by play: the first team to pull the rope 10 steps its way wins.
        [TugOfWar] = new GameMode { MatchSize = 4, Teams = 2, TickRate = 10, Strategy = "fill" },
    };

    public GameMode? Find(string? mode) => mode is not null && Modes.TryGetValue(mode, out var m) ? m : null;
}
