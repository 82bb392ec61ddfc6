using System;
using System.Collections.Generic;

namespace Asobi.Client.Realtime;

/// <summary>How an <see cref="AsobiSocket"/> behaves; the defaults suit a game client.</summary>
public sealed class AsobiSocketOptions
{
    /// <summary>How long a request waits for its reply before failing with <c>client.timeout</c>.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the socket sends <c>session.heartbeat</c>; a heartbeat unanswered within
    /// <see cref="RequestTimeout"/> counts the connection as lost. Zero turns heartbeats off.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Frames that may wait to be sent (while connecting, migrating or reconnecting); one more fails with
    /// <c>client.send_queue_full</c> instead of growing memory.</summary>
    public int SendQueueCapacity { get; set; } = 256;

    /// <summary>The first wait before reconnecting after a lost connection; it doubles up to
    /// <see cref="ReconnectMaxDelay"/>, with jitter.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reconnect attempts in a row before the socket gives up (<c>client.reconnect_failed</c>); null tries forever.</summary>
    public int? MaxReconnectAttempts { get; set; } = 20;

    /// <summary>Frames larger than this (the server's default inbound limit is 64 KiB) are refused before sending.</summary>
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    /// <summary>Features declared in <c>session.connect</c>. <c>migrate</c> is always declared: this client follows
    /// <c>match.migrate</c> itself.</summary>
    public IList<string> Features { get; } = new List<string>();
}
