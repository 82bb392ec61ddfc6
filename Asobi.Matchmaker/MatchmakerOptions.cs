namespace Asobi.Matchmaker;

/// <summary>Leader timing (<c>Asobi:Matchmaker</c>).</summary>
public sealed class MatchmakerOptions
{
    public const string Section = "Asobi:Matchmaker";

    /// <summary>How often the leader forms matches and the others try to take the lead.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A host that has not confirmed a placement within this time gets it taken away.</summary>
    public TimeSpan PlacementTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Nodes tried per match before its players get <c>match.matchmaker_failed</c>.</summary>
    public int MaxPlacementAttempts { get; set; } = 3;

    /// <summary>An instance whose heartbeat is older than this is no longer listed.</summary>
    public TimeSpan InstanceTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The advisory lock key all instances compete for.</summary>
    public long LockKey { get; set; } = 0x6173_6F62_694D_4DL;
}
