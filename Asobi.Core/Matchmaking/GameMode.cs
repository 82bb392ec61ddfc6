namespace Asobi.Matchmaking;

/// <summary>One playable mode as configured under <c>Asobi:Modes:&lt;name&gt;</c>.</summary>
public sealed class GameMode
{
    /// <summary>Which game logic runs the match (a registered game by name); defaults to the mode's own name.</summary>
    public string? Game { get; set; }

    public int MatchSize { get; set; } = 2;

    /// <summary>1 = free for all; otherwise players are split into this many equal teams (parties stay in one team).</summary>
    public int Teams { get; set; } = 1;

    /// <summary>Ticks per second, 1–60.</summary>
    public int TickRate { get; set; } = 10;

    /// <summary><c>fill</c> (FIFO), <c>skill</c>, or the name of a registered custom strategy.</summary>
    public string Strategy { get; set; } = "fill";

    /// <summary>A ticket pending longer than this expires (<c>match.matchmaker_expired</c>).</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many pending tickets per mode; more are refused with <c>matchmaker.queue_full</c>.</summary>
    public int QueueCap { get; set; } = 10_000;

    /// <summary>Skill strategy: the allowed skill spread at first...</summary>
    public double SkillWindow { get; set; } = 200;

    /// <summary>...widened by this much for every <see cref="SkillWindowStep"/> the oldest ticket has waited.</summary>
    public double SkillWindowGrowth { get; set; } = 50;

    public TimeSpan SkillWindowStep { get; set; } = TimeSpan.FromSeconds(5);

    public string GameName(string mode) => string.IsNullOrWhiteSpace(Game) ? mode : Game;

    public int TeamSize => Math.Max(1, MatchSize / Math.Max(1, Teams));
}
