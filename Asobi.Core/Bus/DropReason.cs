namespace Asobi.Bus;

/// <summary>Values of the <c>reason</c> tag on <c>asobi.bus.events.dropped</c>.</summary>
internal static class DropReason
{
    /// <summary>The outbound queue was full at publish; the caller was told (false or an exception).</summary>
    public const string QueueFull = "queue_full";

    /// <summary>PostgreSQL did not take the event within the publish timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>Published while stopping, or still unsent when the shutdown flush ran out of time.</summary>
    public const string Stopped = "stopped";

    /// <summary>The receive queue was full; counted per notification, which may carry several events.</summary>
    public const string ReceiveQueueFull = "receive_queue_full";

    /// <summary>A payload that does not decode.</summary>
    public const string Malformed = "malformed";

    /// <summary>An overflow row that could not be read (deleted, or the database unreachable).</summary>
    public const string OverflowUnavailable = "overflow_unavailable";
}
