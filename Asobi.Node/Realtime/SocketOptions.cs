namespace Asobi.Node.Realtime;

/// <summary>Per-socket limits (<c>Asobi:Socket</c>); the defaults are the wire contract's.</summary>
public sealed class SocketOptions
{
    public const string Section = "Asobi:Socket";

    /// <summary>Largest inbound frame; larger ones are answered with <c>payload_too_large</c> and skipped.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Inbound messages per second per socket; more are answered with <c>rate_limited</c>.</summary>
    public int MessagesPerSecond { get; set; } = 60;

    /// <summary>Time allowed before <c>session.connect</c> succeeds; then close 1008.</summary>
    public TimeSpan AuthenticationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Outbound frames queued per socket; a socket that lets it fill is closed 1008 <c>slow_consumer</c>.</summary>
    public int OutboundQueueCapacity { get; set; } = 1024;

    /// <summary>How long a closing socket gets to finish the close handshake before it is aborted.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A socket sent nothing for this long gets an empty pong, so proxies and NATs keep it open (one paced sweep per
    /// node for direct sockets, the framework's timer for the rest). Zero turns it off.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Accept plain-HTTP <c>/ws</c> upgrades on the raw connection, before the HTTP stack (less memory and CPU per
    /// socket). Off: every upgrade goes through the HTTP stack. TLS terminated by Kestrel always does.
    /// </summary>
    public bool DirectUpgrade { get; set; } = true;

    /// <summary>
    /// Run socket continuations on the I/O threads instead of queueing them to the thread pool (Kestrel's
    /// <c>UnsafePreferInlineScheduling</c>). Read once at start.
    /// </summary>
    public bool InlineScheduling { get; set; }

    /// <summary>How long a new connection gets to send its request head before it is handed to the HTTP stack.</summary>
    public TimeSpan UpgradeHeadTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
