using Asobi.Node.Http;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Realtime;

/// <summary>
/// Maps <c>/ws</c> on the HTTP stack: accept, run the socket until it closes, forget it. Plain-HTTP upgrades
/// normally arrive through <see cref="Upgrade.WebSocketConnectionMiddleware"/> instead; this path serves the rest
/// (TLS terminated by Kestrel, an upgrade after other requests on a kept-alive connection, unusual heads).
/// </summary>
public static class WebSocketEndpoint
{
    public const string Path = "/ws";

    public static WebApplication MapRealtime(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SocketOptions>>().Value;
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.KeepAliveInterval });
        app.Map(Path, AcceptAsync);
        return app;
    }

    private static async Task<IResult> AcceptAsync(HttpContext http, SocketRunner runner)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return ApiError.BadRequest("This endpoint speaks WebSocket only.");
        }

        using var ws = await http.WebSockets.AcceptWebSocketAsync();
        await runner.RunAsync(ws, direct: false);
        return Results.Empty;
    }
}
