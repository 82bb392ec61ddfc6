namespace Asobi.Cluster;

/// <summary>Registry timing (<c>Asobi:Cluster</c>).</summary>
public sealed class ClusterOptions
{
    public const string Section = "Asobi:Cluster";

    /// <summary>How often a node refreshes its registry row.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A row not refreshed for this long belongs to a dead node.</summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
