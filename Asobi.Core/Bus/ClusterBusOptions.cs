namespace Asobi.Bus;

/// <summary>Settings of the cluster bus, bound from <c>Asobi:Bus</c>.</summary>
public sealed class ClusterBusOptions
{
    public const string SectionName = "Asobi:Bus";

    /// <summary>
    /// PostgreSQL connection string. When empty it is taken from <c>ConnectionStrings:asobi-direct</c> (LISTEN needs
    /// a session, so production points it past any transaction pooler) or else <c>ConnectionStrings:asobi</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The NOTIFY channel; every process of one cluster must use the same one.</summary>
    public string Channel { get; set; } = "asobi_bus";

    /// <summary>Outbound events waiting to be sent; when full, TryPublish returns false and PublishAsync throws.</summary>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>Received notifications and local events waiting for subscribers; when full, events are dropped and
    /// the resynchronize handlers run.</summary>
    public int ReceiveQueueCapacity { get; set; } = 65_536;

    /// <summary>
    /// Largest NOTIFY payload we build, in UTF-8 bytes including the envelope. PostgreSQL's limit is just under
    /// 8000; we stay below it. Larger events go through the <c>bus_overflow</c> table.
    /// </summary>
    public int MaxPayloadBytes { get; set; } = 7_900;

    /// <summary>Pack many events into one payload (on) or send one event per NOTIFY (off, for comparison).</summary>
    public bool Batching { get; set; } = true;

    /// <summary>How long an event may wait for PostgreSQL before it is dropped (PublishAsync then throws).</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long stopping waits for queued events to be sent and delivered.</summary>
    public TimeSpan ShutdownFlushTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Overflow rows older than this are deleted; receivers read them within seconds.</summary>
    public TimeSpan OverflowRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often this process deletes old overflow rows.</summary>
    public TimeSpan OverflowCleanupInterval { get; set; } = TimeSpan.FromMinutes(1);
}
