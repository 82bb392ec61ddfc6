using System.Net.WebSockets;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Realtime;

/// <summary>Runs one accepted WebSocket as a session until it closes, whichever path accepted it.</summary>
public sealed class SocketRunner(
    LocalSockets sockets, MessageDispatcher dispatcher, IOptions<SocketOptions> options, TimeProvider time, NodeMetrics metrics,
    ILogger<SocketSession> logger)
{
    public SocketOptions Options => options.Value;

    public async Task RunAsync(WebSocket ws, bool direct)
    {
        metrics.Accepted(direct);
        using var session = new SocketSession(ws, options.Value, time, metrics, logger) { AcceptedDirectly = direct };
        sockets.Add(session);
        try
        {
            await session.RunAsync(dispatcher);
        }
        finally
        {
            sockets.Remove(session);
        }
    }
}
