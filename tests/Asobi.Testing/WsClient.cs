using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Asobi.Testing;

/// <summary>A real WebSocket client speaking the Asobi envelope, with bounded waits.</summary>
public sealed class WsClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket socket = new();

    public WebSocketState State => socket.State;

    public WebSocketCloseStatus? CloseStatus => socket.CloseStatus;

    public string? CloseDescription => socket.CloseStatusDescription;

    public static async Task<WsClient> ConnectAsync(string url)
    {
        var client = new WsClient();
        using var cts = new CancellationTokenSource(DefaultWait);
        await client.socket.ConnectAsync(new Uri(url), cts.Token);
        return client;
    }

    /// <summary>The features of a client that follows <c>match.migrate</c> (without them, matches elsewhere are relayed).</summary>
    public static readonly string[] Migrating = ["migrate"];

    /// <summary>
    /// Connects and authenticates, declaring <paramref name="features"/> (none: an Erlang Asobi client); returns the
    /// <c>session.connected</c> payload.
    /// </summary>
    public static async Task<(WsClient Client, JsonElement Connected)> ConnectAndAuthenticateAsync(string url, string token, string[]? features = null)
    {
        var client = await ConnectAsync(url);
        await client.SendAsync("session.connect", features is null ? new { token } : new { token, features }, cid: "connect");
        var reply = await client.ReceiveAsync();
        if (reply.GetProperty("type").GetString() != "session.connected")
        {
            throw new InvalidOperationException($"session.connect failed: {reply}");
        }

        return (client, reply.GetProperty("payload"));
    }

    public Task SendAsync(string type, object payload, string? cid = null) =>
        SendRawAsync(JsonSerializer.Serialize(cid is null ? new { type, payload } : (object)new { type, payload, cid }));

    public async Task SendRawAsync(string text)
    {
        using var cts = new CancellationTokenSource(DefaultWait);
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cts.Token);
    }

    public async Task SendBytesAsync(byte[] data, WebSocketMessageType type)
    {
        using var cts = new CancellationTokenSource(DefaultWait);
        await socket.SendAsync(data, type, true, cts.Token);
    }

    /// <summary>The next frame as JSON; throws on timeout or close.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? wait = null)
    {
        var frame = await ReceiveFrameAsync(wait ?? DefaultWait) ?? throw new InvalidOperationException(
            $"The socket closed: {socket.CloseStatus} {socket.CloseStatusDescription}");
        using var doc = JsonDocument.Parse(frame);
        return doc.RootElement.Clone();
    }

    /// <summary>Reads frames until one of <paramref name="type"/> arrives.</summary>
    public async Task<JsonElement> ReceiveTypeAsync(string type, TimeSpan? wait = null)
    {
        using var cts = new CancellationTokenSource(wait ?? DefaultWait);
        while (true)
        {
            var remaining = wait ?? DefaultWait;
            var msg = await ReceiveAsync(remaining).WaitAsync(cts.Token);
            if (msg.GetProperty("type").GetString() == type)
            {
                return msg;
            }
        }
    }

    /// <summary>Reads (and discards) frames until the server closes; returns the close status and reason.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason)> WaitForCloseAsync(TimeSpan? wait = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? DefaultWait);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await ReceiveFrameAsync(deadline - DateTime.UtcNow) is null)
                {
                    return (socket.CloseStatus, socket.CloseStatusDescription);
                }
            }
            catch (WebSocketException)
            {
                return (socket.CloseStatus, socket.CloseStatusDescription);
            }
        }

        throw new TimeoutException("The server did not close the socket in time.");
    }

    private async Task<byte[]?> ReceiveFrameAsync(TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        var buffer = new byte[64 * 1024];
        using var ms = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }

                return null;
            }

            ms.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return ms.ToArray();
    }

    public async Task CloseAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        socket.Dispose();
    }
}
