using System.Net.WebSockets;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Realtime;

/// <summary>Runs one accepted WebSocket as a session until it closes, whichever path accepted it.</summary>
public sealed class SocketRunner(
    LocalSockets sockets, MessageDispatcher dispatcher, IOptions<SocketOptions> options, TimeProvider time, NodeMetrics metrics,
    ILogger<SocketSession> logger)
{
    public SocketOptions Options => options.Value;

    /// <summary>
    /// Runs until the socket closes; the session removes itself from <see cref="LocalSockets"/> and disposes itself at
    /// the end. Not an async method: its frame would be held by every idle socket.
    /// </summary>
    public Task RunAsync(WebSocket ws, bool direct)
    {
        metrics.Accepted(direct);
        var session = new SocketSession(ws, options.Value, time, metrics, logger) { AcceptedDirectly = direct };
        sockets.Add(session);
        return session.RunAsync(dispatcher, sockets, disposeAtEnd: true);
    }
}
