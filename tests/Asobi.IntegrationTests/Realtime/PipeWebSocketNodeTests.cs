using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Asobi.IntegrationTests.Support;
using Asobi.Node.Realtime;

namespace Asobi.IntegrationTests.Realtime;

/// <summary>The node's own WebSocket on a real connection, spoken to byte by byte where a client library would hide it.</summary>
public sealed class PipeWebSocketNodeTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly byte[] Mask = [0x11, 0x22, 0x33, 0x44];

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // through the HTTP stack
    public async Task A_ping_is_answered_with_a_pong_carrying_its_payload(bool direct)
    {
        await using var node = await StartAsync(direct);
        using var raw = await RawSocket.UpgradeAsync(node.BaseUri);
        await raw.SendAsync(0x89, "are you there"u8.ToArray());
        var (first, payload) = await raw.ReadFrameAsync();
        Assert.Equal(0x8A, first);
        Assert.Equal("are you there", Encoding.UTF8.GetString(payload));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // through the HTTP stack
    public async Task A_ping_flood_is_answered_once_then_only_its_latest_ping(bool direct)
    {
        await using var node = await StartAsync(direct);
        using var raw = await RawSocket.UpgradeAsync(node.BaseUri);
        await raw.SendRawAsync([.. Enumerable.Range(0, 200).SelectMany(i => RawSocket.MaskedFrame(0x89, Encoding.ASCII.GetBytes($"{i}")))]);

        Assert.Equal("0", Encoding.ASCII.GetString((await raw.ReadFrameAsync()).Payload));
        var (first, payload) = await raw.ReadFrameAsync(); // from the node's sweep, a moment later
        Assert.Equal(0x8A, first);
        Assert.Equal("199", Encoding.ASCII.GetString(payload));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // through the HTTP stack
    public async Task A_frame_sent_unmasked_gets_close_1002_and_the_connection_ends(bool direct)
    {
        await using var node = await StartAsync(direct);
        using var raw = await RawSocket.UpgradeAsync(node.BaseUri);
        await raw.SendRawAsync([0x81, 0x02, (byte)'h', (byte)'i']);
        var (first, payload) = await raw.ReadFrameAsync();
        Assert.Equal(0x88, first);
        Assert.Equal((int)WebSocketCloseStatus.ProtocolError, BinaryPrimitives.ReadUInt16BigEndian(payload));
        Assert.True(await raw.EndsAsync());
        await Eventually.TrueAsync(() => Task.FromResult(node.Service<LocalSockets>().Count == 0));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // through the HTTP stack
    public async Task Invalid_utf8_text_gets_close_1007(bool direct)
    {
        await using var node = await StartAsync(direct);
        using var raw = await RawSocket.UpgradeAsync(node.BaseUri);
        await raw.SendAsync(0x81, [0x7B, 0xC0, 0xAF, 0x7D]);
        var (first, payload) = await raw.ReadFrameAsync();
        Assert.Equal(0x88, first);
        Assert.Equal((int)WebSocketCloseStatus.InvalidPayloadData, BinaryPrimitives.ReadUInt16BigEndian(payload));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // through the HTTP stack
    public async Task A_message_in_fragments_is_one_message_to_the_node(bool direct)
    {
        await using var node = await StartAsync(direct);
        using var raw = await RawSocket.UpgradeAsync(node.BaseUri);
        var frame = Encoding.UTF8.GetBytes("""{"type":"session.heartbeat","payload":{},"cid":"frag"}""");
        await raw.SendAsync(0x01, frame[..10]);
        await raw.SendAsync(0x89, "p"u8.ToArray());
        await raw.SendAsync(0x80, frame[10..]);
        Assert.Equal(0x8A, (await raw.ReadFrameAsync()).First);

        var (first, payload) = await raw.ReadFrameAsync();
        Assert.Equal(0x81, first);
        var text = Encoding.UTF8.GetString(payload);
        Assert.Contains("\"frag\"", text, StringComparison.Ordinal); // answered (unauthenticated), not refused as invalid JSON
        Assert.DoesNotContain("invalid_json", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // through the HTTP stack
    public async Task An_idle_socket_is_kept_alive_with_empty_pongs_from_the_nodes_sweep(bool direct)
    {
        await using var node = await StartAsync(direct, ("Asobi:Socket:KeepAliveInterval", "00:00:00.400"));
        using var raw = await RawSocket.UpgradeAsync(node.BaseUri);
        var (first, payload) = await raw.ReadFrameAsync();
        Assert.Equal(0x8A, first);
        Assert.Empty(payload);
        Assert.Equal(0x8A, (await raw.ReadFrameAsync()).First); // and again while it stays idle
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // through the HTTP stack
    public async Task A_client_close_is_answered_with_its_code_and_the_connection_ends(bool direct)
    {
        await using var node = await StartAsync(direct);
        using var raw = await RawSocket.UpgradeAsync(node.BaseUri);
        await raw.SendAsync(0x88, [0x0F, 0xA0, .. "bye"u8]); // 4000
        var (first, payload) = await raw.ReadFrameAsync();
        Assert.Equal(0x88, first);
        Assert.Equal(4000, BinaryPrimitives.ReadUInt16BigEndian(payload));
        Assert.True(await raw.EndsAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // through the HTTP stack
    public async Task An_empty_client_close_is_answered_1000_never_1005_and_the_connection_ends(bool direct)
    {
        await using var node = await StartAsync(direct);
        using var raw = await RawSocket.UpgradeAsync(node.BaseUri);
        await raw.SendAsync(0x88, []);
        var (first, payload) = await raw.ReadFrameAsync();
        Assert.Equal(0x88, first);
        Assert.Equal(2, payload.Length); // code only, no reason
        Assert.Equal(1000, BinaryPrimitives.ReadUInt16BigEndian(payload));
        Assert.True(await raw.EndsAsync());
    }

    [Theory]
    [InlineData(true, 1000)]
    [InlineData(false, 1000)]
    [InlineData(true, 4001)]
    [InlineData(false, 4001)]
    public async Task A_client_close_with_a_code_and_reason_is_echoed_with_both(bool direct, int code)
    {
        await using var node = await StartAsync(direct);
        using var raw = await RawSocket.UpgradeAsync(node.BaseUri);
        var close = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(close, (ushort)code);
        await raw.SendAsync(0x88, [.. close, .. "done"u8]);
        var (first, payload) = await raw.ReadFrameAsync();
        Assert.Equal(0x88, first);
        Assert.Equal(code, BinaryPrimitives.ReadUInt16BigEndian(payload));
        Assert.Equal("done", Encoding.UTF8.GetString(payload.AsSpan(2)));
        Assert.True(await raw.EndsAsync());
    }

    [Theory]
    [InlineData(true, 1005)]
    [InlineData(false, 1005)]
    [InlineData(true, 1006)]
    [InlineData(false, 1015)]
    public async Task A_client_close_with_a_code_that_may_not_be_sent_gets_close_1002(bool direct, int code)
    {
        await using var node = await StartAsync(direct);
        using var raw = await RawSocket.UpgradeAsync(node.BaseUri);
        var close = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(close, (ushort)code);
        await raw.SendAsync(0x88, close);
        var (first, payload) = await raw.ReadFrameAsync();
        Assert.Equal(0x88, first);
        Assert.Equal(1002, BinaryPrimitives.ReadUInt16BigEndian(payload));
        Assert.True(await raw.EndsAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // through the HTTP stack
    public async Task A_client_that_never_answers_a_close_is_cut_off_after_the_close_timeout(bool direct)
    {
        await using var node = await StartAsync(direct, ("Asobi:Socket:AuthenticationTimeout", "00:00:00.200"), ("Asobi:Socket:CloseTimeout", "00:00:00.300"));
        using var raw = await RawSocket.UpgradeAsync(node.BaseUri);
        var (first, payload) = await raw.ReadFrameAsync(); // the node closes: no session.connect in time
        Assert.Equal(0x88, first);
        Assert.Equal("authentication_timeout", Encoding.UTF8.GetString(payload.AsSpan(2)));

        // The client stays silent; the session's wait for its close ends when the node aborts the socket.
        Assert.True(await raw.EndsAsync());
        await Eventually.TrueAsync(() => Task.FromResult(node.Service<LocalSockets>().Count == 0));
    }

    /// <summary>A node whose sockets are accepted before the HTTP stack (direct) or through it.</summary>
    private Task<NodeHost> StartAsync(bool direct, params (string Key, string Value)[] settings)
    {
        var all = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        all["Asobi:Socket:DirectUpgrade"] = direct ? "true" : "false";
        return NodeHost.StartAsync(db.ConnectionString, all);
    }

    /// <summary>A TCP connection upgraded by hand, writing masked frames and reading the server's.</summary>
    private sealed class RawSocket : IDisposable
    {
        private readonly TcpClient tcp;
        private readonly NetworkStream stream;

        private RawSocket(TcpClient tcp)
        {
            this.tcp = tcp;
            stream = tcp.GetStream();
        }

        public static async Task<RawSocket> UpgradeAsync(Uri baseUri)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(baseUri.Host, baseUri.Port);
            var raw = new RawSocket(tcp);
            await raw.SendRawAsync(Encoding.ASCII.GetBytes(
                "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
            var head = new StringBuilder();
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                head.Append((char)(await raw.ReadBytesAsync(1))[0]);
            }

            Assert.StartsWith("HTTP/1.1 101", head.ToString(), StringComparison.Ordinal);
            Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", head.ToString(), StringComparison.OrdinalIgnoreCase); // RFC 6455's example
            return raw;
        }

        public async Task SendRawAsync(byte[] bytes) => await stream.WriteAsync(bytes);

        /// <summary>One masked frame; <paramref name="first"/> is the FIN bit and opcode.</summary>
        public async Task SendAsync(byte first, byte[] payload) => await SendRawAsync(MaskedFrame(first, payload));

        /// <summary>The bytes of one masked frame with a payload under 126 bytes.</summary>
        public static byte[] MaskedFrame(byte first, byte[] payload) =>
            [first, (byte)(0x80 | payload.Length), .. Mask, .. payload.Select((b, i) => (byte)(b ^ Mask[i % 4]))];

        public async Task<(byte First, byte[] Payload)> ReadFrameAsync()
        {
            var head = await ReadBytesAsync(2);
            var length = head[1] & 0x7F;
            if (length == 126)
            {
                length = BinaryPrimitives.ReadUInt16BigEndian(await ReadBytesAsync(2));
            }

            return (head[0], await ReadBytesAsync(length));
        }

        /// <summary>True when the server ends the connection within a few seconds.</summary>
        public async Task<bool> EndsAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                var buffer = new byte[256];
                while (await stream.ReadAsync(buffer, timeout.Token) > 0)
                {
                }

                return true;
            }
            catch (IOException)
            {
                return true; // reset
            }
        }

        private async Task<byte[]> ReadBytesAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var bytes = new byte[count];
            await stream.ReadExactlyAsync(bytes, timeout.Token);
            return bytes;
        }

        public void Dispose() => tcp.Dispose();
    }
}
