using System.Net.WebSockets;
using System.Text;

namespace Asobi.Bench.Fanout;

/// <summary>A bare member socket: authenticates, joins the channel, then hands every frame to the current sink.</summary>
internal sealed class Member : IDisposable
{
    private readonly ClientWebSocket socket = new();

    public static volatile Sink? Current;

    /// <summary>Set when the driver closes every socket, so those closes are not reported.</summary>
    public static volatile bool Stopping;

    public static async Task<Member> ConnectAsync(string url, string token, string channel)
    {
        var member = new Member();
        await member.socket.ConnectAsync(new Uri(url), CancellationToken.None);
        await member.SendAsync($$"""{"type":"session.connect","payload":{"token":"{{token}}"},"cid":"c"}""");
        await member.ExpectAsync("session.connected");
        await member.SendAsync($$"""{"type":"chat.join","payload":{"channel_id":"{{channel}}"},"cid":"j"}""");
        await member.ExpectAsync("chat.joined");
        return member;
    }

    public Task SendAsync(string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Reads until the socket closes, passing each complete frame to <see cref="Current"/>.</summary>
    public async Task ReadLoopAsync(bool count = true)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
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
            if (!Stopping)
            {
                Console.Error.WriteLine("a member socket was closed by the server");
            }
        }
    }

    private async Task ExpectAsync(string type)
    {
        var buffer = new byte[16 * 1024];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
        if (!text.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"expected {type}, got {text}");
        }
    }

    public void Dispose() => socket.Dispose();
}
