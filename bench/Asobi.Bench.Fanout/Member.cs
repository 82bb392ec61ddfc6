using System.Net.WebSockets;
using System.Text;

namespace Asobi.Bench.Fanout;

/// <summary>
/// A bare member socket: authenticates, joins the channel, then hands every frame to the current sink. When the
/// server closes it (a slow consumer under overload) it reconnects and rejoins, so one overloaded trial does not
/// empty the channel for the next; the closes are counted.
/// </summary>
internal sealed class Member(string url, string token, string channel) : IDisposable
{
    private static long closedByServer;
    private ClientWebSocket socket = new();

    public static volatile Sink? Current;

    /// <summary>Set when the driver closes every socket, so those closes are not counted.</summary>
    public static volatile bool Stopping;

    public static long ClosedByServer => Interlocked.Read(ref closedByServer);

    public static async Task<Member> ConnectAsync(string url, string token, string channel)
    {
        var member = new Member(url, token, channel);
        await member.OpenAsync();
        return member;
    }

    public Task SendAsync(string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Reads until the driver stops, passing each complete frame to <see cref="Current"/> when <paramref name="count"/>.</summary>
    public async Task ReadLoopAsync(bool count = true)
    {
        var buffer = new byte[16 * 1024];
        while (!Stopping)
        {
            var length = 0;
            try
            {
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    length += result.Count;
                    if (result.EndOfMessage)
                    {
                        if (count)
                        {
                            Current?.OnFrame(buffer.AsSpan(0, length));
                        }

                        length = 0;
                    }
                    else if (length == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
            }

            if (Stopping)
            {
                return;
            }

            Interlocked.Increment(ref closedByServer);
            socket.Dispose();
            socket = new ClientWebSocket();
            try
            {
                await OpenAsync();
            }
            catch (Exception ex) when (ex is WebSocketException or InvalidOperationException)
            {
                await Task.Delay(500);
            }
        }
    }

    private async Task OpenAsync()
    {
        await socket.ConnectAsync(new Uri(url), CancellationToken.None);
        await SendAsync($$"""{"type":"session.connect","payload":{"token":"{{token}}"},"cid":"c"}""");
        await ExpectAsync("session.connected");
        await SendAsync($$"""{"type":"chat.join","payload":{"channel_id":"{{channel}}"},"cid":"j"}""");
        await ExpectAsync("chat.joined");
    }

    private async Task ExpectAsync(string type)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (text.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal))
            {
                return;
            }

            if (result.MessageType == WebSocketMessageType.Close || text.Contains("\"type\":\"error\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"expected {type}, got {text}");
            }
        }
    }

    public void Dispose() => socket.Dispose();
}
