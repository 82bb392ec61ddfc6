namespace Asobi.Node.Matches;

/// <summary>Match server limits and timeouts (<c>Asobi:Matches</c>).</summary>
public sealed class MatchOptions
{
    public const string Section = "Asobi:Matches";

    /// <summary>How long a seat is held for a player who has not arrived yet or whose socket dropped.</summary>
    public TimeSpan SeatGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Inputs waiting for the next tick, per match; when full, new inputs are dropped and counted.</summary>
    public int InputQueueCapacity { get; set; } = 1024;

    /// <summary>A match that has not ended by itself is finished with reason <c>timeout</c> after this long.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A match with no input at all for this long is finished with reason <c>idle</c>.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a relayed join waits for the host's answer before the client is told <c>match.host_unreachable</c>.</summary>
    public TimeSpan RelayJoinTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Batches from hosts waiting to be written to relayed players here. When full, the oldest batch of state frames
    /// only is dropped (a newer state supersedes it) and counted; with none of those, the oldest batch is.
    /// </summary>
    public int RelayQueueCapacity { get; set; } = 8192;

    /// <summary>
    /// How long a host lets state-only batches to one relaying node wait to share a bus event while batches keep
    /// coming (the first after a quiet spell, and every join, event or end, goes at once). Zero sends each at once.
    /// </summary>
    public TimeSpan RelayFlushInterval { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Matches this node hosts at most; placements beyond are refused (the leader places them elsewhere).</summary>
    public int MaxMatches { get; set; } = 5_000;
}
