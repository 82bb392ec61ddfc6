using System.Net.WebSockets;
using System.Text;

namespace Asobi.Bench;

/// <summary>One load socket speaking the Asobi envelope, lean enough to hold thousands per process.</summary>
internal sealed class AsobiSocket : IAsyncDisposable
{
    private static readonly byte[] HeartbeatType = "\"type\":\"session.heartbeat\""u8.ToArray();
    private static readonly byte[] ErrorType = "\"type\":\"error\""u8.ToArray();
    private readonly ClientWebSocket socket = new();
    private byte[] buffer = new byte[1024];

    private AsobiSocket()
    {
        // No client pings: an idle socket should cost the server nothing but the socket itself.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    public static async Task<AsobiSocket> ConnectAsync(Uri url, string token, HttpMessageInvoker invoker, CancellationToken ct)
    {
        var s = new AsobiSocket();
        try
        {
            await s.socket.ConnectAsync(url, invoker, ct);
            await s.SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"session.connect\",\"payload\":{{\"token\":\"{token}\"}},\"cid\":\"c\"}}"), ct);
            var reply = await s.ReceiveAsync(ct);
            if (!reply.Span.StartsWith("{\"type\":\"session.connected\""u8))
            {
                throw new InvalidOperationException("session.connect failed: " + Encoding.UTF8.GetString(reply.Span));
            }

            return s;
        }
        catch
        {
            s.socket.Dispose();
            throw;
        }
    }

    /// <summary>Joins a chat channel; returns null on <c>chat.joined</c>, else the error code the server answered.</summary>
    public async Task<string?> JoinAsync(string channel, CancellationToken ct)
    {
        await SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"chat.join\",\"payload\":{{\"channel_id\":\"{channel}\"}},\"cid\":\"j\"}}"), ct);
        while (true)
        {
            var reply = Encoding.UTF8.GetString((await ReceiveAsync(ct)).Span);
            if (reply.StartsWith("{\"type\":\"chat.joined\"", StringComparison.Ordinal))
            {
                return null;
            }

            if (reply.StartsWith("{\"type\":\"error\"", StringComparison.Ordinal))
            {
                var at = reply.IndexOf("\"code\":\"", StringComparison.Ordinal);
                return at < 0 ? reply : reply[(at + 8)..reply.IndexOf('"', at + 8)];
            }
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken ct) =>
        socket.SendAsync(frame, WebSocketMessageType.Text, true, ct);

    /// <summary>Closed-loop <c>session.heartbeat</c> round trips until the deadline.</summary>
    public async Task EchoAsync(long deadlineTicks, Action<long> onRoundTrip, Action onError, CancellationToken ct)
    {
        var frame = "{\"type\":\"session.heartbeat\",\"payload\":{},\"cid\":\"h\"}"u8.ToArray();
        while (Environment.TickCount64 < deadlineTicks)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            await SendAsync(frame, ct);
            while (true)
            {
                var reply = await ReceiveAsync(ct);
                if (reply.Span.IndexOf(HeartbeatType) >= 0)
                {
                    onRoundTrip((long)System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                    break;
                }

                if (reply.Span.IndexOf(ErrorType) >= 0)
                {
                    onError();
                    break;
                }
            }
        }
    }

    /// <summary>Reads frames until the socket closes or is cancelled, handing each to <paramref name="onFrame"/>.</summary>
    public async Task ReceiveLoopAsync(Action<ReadOnlyMemory<byte>> onFrame, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                onFrame(await ReceiveAsync(ct));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or InvalidOperationException)
        {
            // Closed or stopped: the counts tell what arrived.
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken ct)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var r = await socket.ReceiveAsync(buffer.AsMemory(length), ct);
            if (r.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"closed by the server: {socket.CloseStatus} {socket.CloseStatusDescription}");
            }

            length += r.Count;
            if (r.EndOfMessage)
            {
                return buffer.AsMemory(0, length);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }
}
