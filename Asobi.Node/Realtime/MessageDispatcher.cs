using System.Collections.Frozen;

namespace Asobi.Node.Realtime;

/// <summary>
/// Routes each frame to its handler by type; the one place for envelope errors, the authentication gate,
/// per-type metrics and turning handler failures into <c>internal</c> errors instead of closed sockets.
/// </summary>
public sealed partial class MessageDispatcher(IEnumerable<IMessageHandler> handlers, NodeMetrics metrics, ILogger<MessageDispatcher> logger)
{
    private readonly FrozenDictionary<string, IMessageHandler> byType = handlers.ToFrozenDictionary(h => h.Type, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Types => byType.Keys;

    public async ValueTask DispatchAsync(SocketSession socket, ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        using var envelope = InboundEnvelope.TryParse(frame, out var parseError, out var cid);
        if (envelope is null)
        {
            metrics.Error(parseError!.Code);
            socket.Send(Envelope.Error(parseError, cid));
            return;
        }

        var context = new MessageContext(socket, envelope, metrics);
        if (!byType.TryGetValue(envelope.Type, out var handler))
        {
            context.Fail(WsErrors.UnknownType.WithMessage($"Unknown message type '{Truncate(envelope.Type)}'."));
            return;
        }

        if (handler.RequiresAuthentication && !socket.IsAuthenticated)
        {
            context.Fail(WsErrors.NotAuthenticated);
            return;
        }

        metrics.Handled(handler.Type);
        try
        {
            await handler.HandleAsync(context, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The socket is going away.
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, handler.Type, socket.Id);
            context.Fail(WsErrors.Internal);
        }
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64];

    [LoggerMessage(Level = LogLevel.Error, Message = "Handler for {Type} failed on socket {SocketId}")]
    private partial void LogHandlerFailed(Exception ex, string type, long socketId);
}
