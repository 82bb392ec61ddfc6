using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace Asobi.UnitTests.Realtime;

/// <summary>A WebSocket that records what the server sends and receives nothing until closed.</summary>
internal sealed class RecordingWebSocket : WebSocket
{
    private readonly Channel<JsonDocument> sent = Channel.CreateUnbounded<JsonDocument>();
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocketState state = WebSocketState.Open;

    public async Task<JsonDocument> NextAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await sent.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Frames sent and not yet read.</summary>
    public int Pending => sent.Reader.Count;

    public override WebSocketCloseStatus? CloseStatus { get; }

    public override string? CloseStatusDescription { get; }

    public override WebSocketState State => state;

    public override string? SubProtocol => null;

    public override void Abort() => Finish();

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        Finish();
        return Task.CompletedTask;
    }

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        Finish();
        return Task.CompletedTask;
    }

    public override void Dispose() => Finish();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        await closed.Task.WaitAsync(cancellationToken);
        return new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, WebSocketCloseStatus.NormalClosure, "");
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        sent.Writer.TryWrite(JsonDocument.Parse(buffer.AsMemory()));
        return Task.CompletedTask;
    }

    private void Finish()
    {
        state = WebSocketState.Closed;
        closed.TrySetResult();
    }
}
