namespace Asobi.Node.Social.Presence;

/// <summary>Presence tracking (<c>Asobi:Presence</c>).</summary>
public sealed class PresenceOptions
{
    public const string Section = "Asobi:Presence";

    /// <summary>
    /// How often this node re-checks its presence rows against its sockets and reaps the rows of dead nodes
    /// (nodes whose registry row is older than <c>Asobi:Cluster:NodeTimeout</c>).
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Socket open/close events waiting to be written; when full, events are dropped and the next reconcile repairs the state.</summary>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>
    /// How far back a node re-reads its players' friends' presence after its bus listener reconnects (it starts from
    /// when it last saw the bus connected, but never further back than this).
    /// </summary>
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest status text in UTF-8 bytes.</summary>
    public int MaxStatusBytes { get; set; } = 64;
}
