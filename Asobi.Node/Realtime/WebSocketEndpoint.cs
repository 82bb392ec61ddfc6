using Asobi.Node.Http;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Realtime;

/// <summary>Maps <c>/ws</c>: accept, run the socket until it closes, forget it.</summary>
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

    private static async Task<IResult> AcceptAsync(
        HttpContext http, LocalSockets sockets, MessageDispatcher dispatcher, IOptions<SocketOptions> options,
        TimeProvider time, NodeMetrics metrics, ILogger<SocketSession> logger)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return ApiError.BadRequest("This endpoint speaks WebSocket only.");
        }

        using var ws = await http.WebSockets.AcceptWebSocketAsync();
        using var session = new SocketSession(ws, options.Value, time, metrics, logger);
        sockets.Add(session);
        try
        {
            await session.RunAsync(dispatcher);
        }
        finally
        {
            sockets.Remove(session);
        }

        return Results.Empty;
    }
}
