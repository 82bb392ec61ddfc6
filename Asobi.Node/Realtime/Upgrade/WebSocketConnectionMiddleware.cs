using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Asobi.Node.Realtime.Upgrade;

/// <summary>
/// Accepts <c>/ws</c> upgrades on the raw connection, before the HTTP stack. A socket accepted here costs no
/// HTTP request state for its whole life (connection, headers, context, activity, middleware frames: about half of
/// what an idle socket held), and each frame skips the request-stream layers. Every other connection, and anything
/// about an upgrade this path does not fully understand, is handed to the HTTP stack with no byte consumed.
/// </summary>
public sealed partial class WebSocketConnectionMiddleware(ConnectionDelegate next, IServiceProvider services)
{
    private SocketRunner? runner;
    private ILogger? logger;

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        runner ??= services.GetRequiredService<SocketRunner>();
        var acceptKey = runner.Options.DirectUpgrade ? await ReadUpgradeHeadAsync(connection.Transport.Input, runner.Options.UpgradeHeadTimeout) : null;
        if (acceptKey is null)
        {
            await next(connection);
            return;
        }

        // This frame is held by every idle socket for its whole life: the head is read and answered in methods of
        // their own, so only the connection and the socket stay here.
        if (!await AcceptAsync(connection, acceptKey))
        {
            return;
        }

        using var ws = new PipeWebSocket(connection.Transport);
        try
        {
            await runner.RunAsync(ws, direct: true);
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or InvalidOperationException)
        {
            logger ??= services.GetRequiredService<ILogger<WebSocketConnectionMiddleware>>();
            LogConnectionFailed(logger, ex, connection.ConnectionId);
        }
    }

    /// <summary>
    /// Reads the request head; returns the accept key of a <c>/ws</c> upgrade this path handles, with the head
    /// consumed, or null with nothing consumed or examined, so that the HTTP stack reads it all again.
    /// </summary>
    private static async Task<string?> ReadUpgradeHeadAsync(PipeReader input, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            ReadResult read;
            try
            {
                read = await input.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return null; // slow head: the HTTP stack applies its own timeouts from here
            }

            var outcome = UpgradeRequest.TryParse(read.Buffer, out var headLength, out var acceptKey);
            if (outcome == UpgradeParse.NeedMore && !read.IsCompleted)
            {
                input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                continue;
            }

            if (outcome == UpgradeParse.Upgrade)
            {
                input.AdvanceTo(read.Buffer.GetPosition(headLength));
                return acceptKey;
            }

            input.AdvanceTo(read.Buffer.Start);
            return null;
        }
    }

    /// <summary>Sends the 101 answer; false when the client left during the handshake.</summary>
    private static async Task<bool> AcceptAsync(ConnectionContext connection, string acceptKey)
    {
        var response = Encoding.ASCII.GetBytes(
            "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: " +
            acceptKey + "\r\n\r\n");
        try
        {
            await connection.Transport.Output.WriteAsync(response, connection.ConnectionClosed);
            return true;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ConnectionResetException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket connection {ConnectionId} ended with a transport error")]
    private static partial void LogConnectionFailed(ILogger logger, Exception ex, string connectionId);
}

/// <summary>Installs <see cref="WebSocketConnectionMiddleware"/> on every endpoint Kestrel binds.</summary>
public static class WebSocketConnectionMiddlewareExtensions
{
    public static KestrelServerOptions UseDirectWebSocketUpgrade(this KestrelServerOptions kestrel)
    {
        // Endpoint defaults run before Kestrel adds TLS to an https endpoint, so there this middleware sees TLS
        // records, never "GET /ws", and hands the connection on; those sockets take the HTTP path.
        kestrel.ConfigureEndpointDefaults(listen =>
            listen.Use(next => new WebSocketConnectionMiddleware(next, listen.ApplicationServices).OnConnectionAsync));
        return kestrel;
    }
}
