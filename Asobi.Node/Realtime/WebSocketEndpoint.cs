using System.IO.Pipelines;
using System.Net.WebSockets;
using Asobi.Node.Http;
using Asobi.Node.Realtime.Upgrade;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Realtime;

/// <summary>
/// Maps <c>/ws</c> on the HTTP stack: accept, run the socket until it closes, forget it. Plain-HTTP upgrades
/// normally arrive through <see cref="WebSocketConnectionMiddleware"/> instead; this path serves the rest (TLS
/// terminated by Kestrel, an upgrade after other requests on a kept-alive connection, unusual heads, WebSockets over
/// HTTP/2). Each runs on <see cref="PipeWebSocket"/> over the upgraded stream, so it keeps the same protocol rules,
/// keep-alive and ping spacing as the direct path.
/// </summary>
public static partial class WebSocketEndpoint
{
    public const string Path = "/ws";

    public static WebApplication MapRealtime(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SocketOptions>>().Value;
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.KeepAliveInterval });
        app.Map(Path, AcceptAsync);
        return app;
    }

    private static async Task<IResult> AcceptAsync(HttpContext http, SocketRunner runner, ILoggerFactory loggers)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return ApiError.BadRequest("This endpoint speaks WebSocket only.");
        }

        // The request was checked as a WebSocket request above: an HTTP/1.1 upgrade (method, headers, version 13, a
        // 16-byte key) or an HTTP/2 extended CONNECT (RFC 8441) for the websocket protocol.
        Stream stream;
        if (http.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
        {
            stream = await connect.AcceptAsync(); // 200: HTTP/2 has no accept key
        }
        else if (http.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            var headers = http.Response.Headers;
            headers.Connection = "Upgrade";
            headers.Upgrade = "websocket";
            headers.SecWebSocketAccept = UpgradeRequest.AcceptFor(http.Request.Headers.SecWebSocketKey.ToString());
            stream = await upgrade.UpgradeAsync();
        }
        else
        {
            // A server that offers WebSockets but not these features (an in-memory test server): its own WebSocket.
            using var framework = await http.WebSockets.AcceptWebSocketAsync();
            await runner.RunAsync(framework, direct: false);
            return Results.Empty;
        }

        http.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout(); // a socket outlives any request timeout

        // Zero-byte reads: an idle socket waits without a buffer, as on the direct path.
        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(useZeroByteReads: true, leaveOpen: true));
        var output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        try
        {
            using var ws = new PipeWebSocket(new StreamDuplexPipe(input, output));
            await runner.RunAsync(ws, direct: false);
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or InvalidOperationException or WebSocketException)
        {
            var logger = loggers.CreateLogger(typeof(WebSocketEndpoint));
            LogConnectionFailed(logger, ex, http.Connection.Id);
        }
        finally
        {
            await CompleteQuietlyAsync(input, output);
        }

        return Results.Empty;
    }

    /// <summary>Ends the reader and flushes what the writer still holds; a broken connection has nothing left to say.</summary>
    private static async Task CompleteQuietlyAsync(PipeReader input, PipeWriter output)
    {
        await input.CompleteAsync();
        try
        {
            await output.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket connection {ConnectionId} ended with a transport error")]
    private static partial void LogConnectionFailed(ILogger logger, Exception ex, string connectionId);
}
