namespace Asobi.Node.Social.Chat;

/// <summary>Chat and DM limits (<c>Asobi:Chat</c>).</summary>
public sealed class ChatOptions
{
    public const string Section = "Asobi:Chat";

    /// <summary>Largest message content in UTF-8 bytes.</summary>
    public int MaxContentBytes { get; set; } = 2000;

    /// <summary>Channels one socket may have joined at once.</summary>
    public int MaxChannelsPerSocket { get; set; } = 32;

    /// <summary>
    /// Chat and DM messages one player may send per second across the cluster (bursts up to the same number). Each
    /// node decides at once; nodes holding the same player exchange counts every <see cref="RateSyncInterval"/>.
    /// </summary>
    public int SendsPerSecond { get; set; } = 10;

    /// <summary>
    /// How often nodes tell each other how many messages players connected to several of them sent. A player can
    /// exceed the limit by at most what the other nodes accepted during one interval (plus bus latency).
    /// </summary>
    public TimeSpan RateSyncInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Messages waiting to be stored on this node; beyond it senders get chat.unavailable at once.</summary>
    public int WriteQueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// How far back a node re-reads chat messages after its bus listener reconnects (it starts from when it last saw
    /// the bus connected, but never further back than this). Older missed messages are only in history.
    /// </summary>
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Most messages one history page returns.</summary>
    public int MaxHistoryLimit { get; set; } = 100;

    /// <summary>Messages older than this are dropped with their day partition.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Days of partitions created ahead of today.</summary>
    public int PartitionDaysAhead { get; set; } = 7;

    /// <summary>How often partitions are created ahead and old ones dropped.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);
}
