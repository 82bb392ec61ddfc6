using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using Asobi.Node.Realtime.Upgrade;

namespace Asobi.UnitTests.Realtime;

/// <summary>The node's own WebSocket, driven byte by byte through a pair of pipes standing in for a connection.</summary>
public sealed class PipeWebSocketTests
{
    private static readonly TimeSpan Wait = PipeWire.Wait;

    [Fact]
    public async Task A_zero_byte_receive_waits_for_a_frame_then_the_payload_is_read_into_the_buffer()
    {
        var wire = new PipeWire();
        var pending = wire.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).AsTask();
        Assert.False(pending.IsCompleted);
        await wire.ClientSendsAsync(FrameTests.ClientFrame(Opcode.Text, "Hello"u8));
        var first = await pending.WaitAsync(Wait);
        Assert.Equal((0, WebSocketMessageType.Text, false), (first.Count, first.MessageType, first.EndOfMessage));

        var buffer = new byte[64];
        var second = await wire.Socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        Assert.Equal((5, true), (second.Count, second.EndOfMessage));
        Assert.Equal("Hello", Encoding.UTF8.GetString(buffer, 0, 5));
    }

    [Fact]
    public async Task A_payload_arriving_in_pieces_is_handed_out_in_pieces_no_bigger_than_the_buffer()
    {
        var wire = new PipeWire();
        var text = string.Concat(Enumerable.Repeat("0123456789", 30));
        var frame = FrameTests.ClientFrame(Opcode.Text, Encoding.UTF8.GetBytes(text));
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < frame.Length; i += 7)
            {
                await wire.ClientSendsAsync(frame[i..Math.Min(i + 7, frame.Length)]);
                await Task.Yield();
            }
        });

        var received = new List<byte>();
        var buffer = new byte[3];
        ValueWebSocketReceiveResult result;
        do
        {
            result = await wire.Socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).AsTask().WaitAsync(Wait);
            Assert.InRange(result.Count, 0, 3);
            received.AddRange(buffer[..result.Count]);
        }
        while (!result.EndOfMessage);

        await writer;
        Assert.Equal(text, Encoding.UTF8.GetString([.. received]));
    }

    [Theory]
    [InlineData(126)]
    [InlineData(70_000)]
    public async Task Long_frames_with_16_and_64_bit_lengths_are_received(int length)
    {
        var wire = new PipeWire();
        var payload = new byte[length];
        new Random(length).NextBytes(payload);
        var sending = wire.ClientSendsAsync(FrameTests.ClientFrame(Opcode.Binary, payload)); // more than the pipe holds: read meanwhile
        var (type, bytes) = await wire.ReceiveMessageAsync();
        await sending.WaitAsync(Wait);
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(payload, bytes);
    }

    [Fact]
    public async Task A_fragmented_message_is_joined_and_a_ping_between_its_fragments_is_answered_with_its_payload()
    {
        var wire = new PipeWire();
        await wire.ClientSendsAsync([
            .. FrameTests.ClientFrame(Opcode.Text, "He"u8, fin: false),
            .. FrameTests.ClientFrame(Opcode.Ping, "p1"u8),
            .. FrameTests.ClientFrame(Opcode.Continuation, ""u8, fin: false),
            .. FrameTests.ClientFrame(Opcode.Pong, "unsolicited"u8),
            .. FrameTests.ClientFrame(Opcode.Continuation, "llo"u8),
        ]);
        var (type, bytes) = await wire.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal("Hello", Encoding.UTF8.GetString(bytes));

        var pong = await wire.ServerFrameAsync();
        Assert.Equal(0x8A, pong.First);
        Assert.Equal("p1"u8.ToArray(), pong.Payload);
        Assert.False(wire.ServerWroteMore()); // nothing for the client's pong
    }

    [Fact]
    public async Task An_empty_message_ends_at_once()
    {
        var wire = new PipeWire();
        await wire.ClientSendsAsync(FrameTests.ClientFrame(Opcode.Text, ""u8));
        var result = await wire.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
        Assert.Equal((0, WebSocketMessageType.Text, true), (result.Count, result.MessageType, result.EndOfMessage));
    }

    public static TheoryData<string, byte[], WebSocketCloseStatus> ProtocolErrors => new()
    {
        { "unmasked", [0x81, 0x02, (byte)'h', (byte)'i'], WebSocketCloseStatus.ProtocolError },
        { "reserved bit", [0xC1, 0x80, 0, 0, 0, 0], WebSocketCloseStatus.ProtocolError },
        { "reserved opcode", [0x83, 0x80, 0, 0, 0, 0], WebSocketCloseStatus.ProtocolError },
        { "continuation first", FrameTests.ClientFrame(Opcode.Continuation, "x"u8), WebSocketCloseStatus.ProtocolError },
        {
            "new message mid-message",
            [.. FrameTests.ClientFrame(Opcode.Text, "a"u8, fin: false), .. FrameTests.ClientFrame(Opcode.Text, "b"u8)],
            WebSocketCloseStatus.ProtocolError
        },
        { "ping over 125 bytes", [0x89, 0xFE, 0, 126, 0, 0, 0, 0], WebSocketCloseStatus.ProtocolError },
        { "invalid UTF-8", FrameTests.ClientFrame(Opcode.Text, [0x61, 0xFF]), WebSocketCloseStatus.InvalidPayloadData },
        {
            "UTF-8 left unfinished",
            [.. FrameTests.ClientFrame(Opcode.Text, [0xE2, 0x82], fin: false), .. FrameTests.ClientFrame(Opcode.Continuation, ""u8)],
            WebSocketCloseStatus.InvalidPayloadData
        },
        { "one-byte close", FrameTests.ClientFrame(Opcode.Close, [0x03]), WebSocketCloseStatus.ProtocolError },
        { "close code 1005", FrameTests.ClientFrame(Opcode.Close, [0x03, 0xED]), WebSocketCloseStatus.ProtocolError },
        { "close code 999", FrameTests.ClientFrame(Opcode.Close, [0x03, 0xE7]), WebSocketCloseStatus.ProtocolError },
        { "close code 5000", FrameTests.ClientFrame(Opcode.Close, [0x13, 0x88]), WebSocketCloseStatus.ProtocolError },
        { "close reason not UTF-8", FrameTests.ClientFrame(Opcode.Close, [0x03, 0xE8, 0xC0, 0xAF]), WebSocketCloseStatus.InvalidPayloadData },
    };

    [Theory]
    [MemberData(nameof(ProtocolErrors))]
    public async Task A_protocol_error_sends_its_close_code_and_fails_the_socket(string what, byte[] bytes, WebSocketCloseStatus code)
    {
        var wire = new PipeWire();
        await wire.ClientSendsAsync(bytes);
        var error = await Assert.ThrowsAsync<WebSocketException>(() => wire.ReceiveMessageAsync());
        Assert.Equal(WebSocketError.Faulted, error.WebSocketErrorCode);
        Assert.Equal(WebSocketState.Aborted, wire.Socket.State);

        var close = await wire.ServerFrameAsync();
        Assert.Equal(0x88, close.First);
        Assert.True((int)code == BinaryPrimitives.ReadUInt16BigEndian(close.Payload), what);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(1011)]
    [InlineData(3000)]
    [InlineData(4999)]
    public async Task A_client_close_is_reported_with_its_code_and_reason_and_answered(int code)
    {
        var wire = new PipeWire();
        byte[] payload = [(byte)(code >> 8), (byte)code, .. "bye"u8];
        await wire.ClientSendsAsync(FrameTests.ClientFrame(Opcode.Close, payload));
        var result = await wire.Socket.ReceiveAsync(new byte[16].AsMemory(), CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal((WebSocketCloseStatus)code, wire.Socket.CloseStatus);
        Assert.Equal("bye", wire.Socket.CloseStatusDescription);
        Assert.Equal(WebSocketState.CloseReceived, wire.Socket.State);

        await wire.Socket.CloseOutputAsync((WebSocketCloseStatus)code, "bye", CancellationToken.None);
        Assert.Equal(WebSocketState.Closed, wire.Socket.State);
        var answer = await wire.ServerFrameAsync();
        Assert.Equal(0x88, answer.First);
        Assert.Equal(payload, answer.Payload);
    }

    [Fact]
    public async Task An_empty_close_reports_no_status()
    {
        var wire = new PipeWire();
        await wire.ClientSendsAsync(FrameTests.ClientFrame(Opcode.Close, ""u8));
        var result = await wire.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.Empty, wire.Socket.CloseStatus);
        await Assert.ThrowsAsync<WebSocketException>(() => wire.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task A_close_with_no_status_is_sent_as_an_empty_close_frame_never_as_1005()
    {
        var wire = new PipeWire();
        await wire.Socket.CloseOutputAsync(WebSocketCloseStatus.Empty, null, CancellationToken.None);
        var close = await wire.ServerFrameAsync();
        Assert.Equal(0x88, close.First);
        Assert.Empty(close.Payload);
    }

    [Theory]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(999)]
    public async Task A_close_code_that_may_not_be_on_the_wire_is_refused_and_nothing_is_sent(int code)
    {
        var wire = new PipeWire();
        var reason = code == 1005 ? "why" : null; // 1005 is Empty: only refused with a reason
        await Assert.ThrowsAsync<ArgumentException>(() => wire.Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None));
        Assert.Equal(WebSocketState.Open, wire.Socket.State);
    }

    [Fact]
    public async Task After_a_server_close_messages_are_still_read_until_the_client_answers()
    {
        var wire = new PipeWire();
        await wire.Socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "slow_consumer", CancellationToken.None);
        Assert.Equal(WebSocketState.CloseSent, wire.Socket.State);
        var close = await wire.ServerFrameAsync();
        Assert.Equal(1008, BinaryPrimitives.ReadUInt16BigEndian(close.Payload));
        Assert.Equal("slow_consumer", Encoding.UTF8.GetString(close.Payload.AsSpan(2)));
        await Assert.ThrowsAsync<WebSocketException>(() => wire.Socket.SendAsync("late"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None));

        await wire.ClientSendsAsync([.. FrameTests.ClientFrame(Opcode.Ping, "p"u8), .. FrameTests.ClientFrame(Opcode.Text, "in flight"u8)]);
        Assert.Equal("in flight", Encoding.UTF8.GetString((await wire.ReceiveMessageAsync()).Bytes));
        Assert.False(wire.ServerWroteMore()); // no pong after our close
        await wire.ClientSendsAsync(FrameTests.ClientFrame(Opcode.Close, [0x03, 0xF0]));
        var result = await wire.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketState.Closed, wire.Socket.State);
    }

    [Fact]
    public async Task CloseAsync_waits_for_the_clients_close_and_drains_what_comes_before_it()
    {
        var wire = new PipeWire();
        var closing = wire.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        await wire.ServerFrameAsync();
        Assert.False(closing.IsCompleted);
        await wire.ClientSendsAsync([.. FrameTests.ClientFrame(Opcode.Text, "x"u8), .. FrameTests.ClientFrame(Opcode.Close, [0x03, 0xE8])]);
        await closing.WaitAsync(Wait);
        Assert.Equal(WebSocketState.Closed, wire.Socket.State);
    }

    [Theory]
    [InlineData(2, new byte[] { 0x81, 2 })]
    [InlineData(300, new byte[] { 0x81, 126, 0x01, 0x2C })]
    [InlineData(70_000, new byte[] { 0x81, 127, 0, 0, 0, 0, 0, 0x01, 0x11, 0x70 })]
    public async Task Sent_frames_are_unmasked_text_with_the_payload_as_given(int length, byte[] header)
    {
        var wire = new PipeWire();
        var payload = Enumerable.Range(0, length).Select(i => (byte)('a' + (i % 26))).ToArray();
        var sending = wire.Socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var frame = await wire.ServerFrameAsync();
        await sending.WaitAsync(Wait);
        Assert.Equal(header, frame.Header);
        Assert.Equal(payload, frame.Payload);
    }

    [Fact]
    public async Task A_message_sent_in_parts_goes_out_as_a_text_frame_and_continuations()
    {
        var wire = new PipeWire();
        await wire.Socket.SendAsync("a"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await wire.Socket.SendAsync("b"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await wire.Socket.SendAsync("c"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        await wire.Socket.SendAsync("d"u8.ToArray(), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        Assert.Equal(0x01, (await wire.ServerFrameAsync()).First);
        Assert.Equal(0x00, (await wire.ServerFrameAsync()).First);
        Assert.Equal(0x80, (await wire.ServerFrameAsync()).First);
        Assert.Equal(0x82, (await wire.ServerFrameAsync()).First);
    }

    [Fact]
    public async Task A_close_reason_longer_than_a_control_frame_allows_is_refused()
    {
        var wire = new PipeWire();
        await Assert.ThrowsAsync<ArgumentException>(() => wire.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, new string('x', 124), CancellationToken.None));
        Assert.Equal(WebSocketState.Open, wire.Socket.State);
    }

    [Fact]
    public async Task A_connection_that_ends_without_a_close_frame_fails_the_receive()
    {
        var wire = new PipeWire();
        await wire.ClientSendsAsync(FrameTests.ClientFrame(Opcode.Text, "Hello"u8)[..8]); // cut mid-payload
        await wire.ToServer.Writer.CompleteAsync();
        var error = await Assert.ThrowsAsync<WebSocketException>(() => wire.ReceiveMessageAsync());
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
        Assert.Equal(WebSocketState.Aborted, wire.Socket.State);

        var idle = new PipeWire();
        await idle.ToServer.Writer.CompleteAsync();
        var idleError = await Assert.ThrowsAsync<WebSocketException>(() => idle.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).AsTask());
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, idleError.WebSocketErrorCode);
    }

    [Fact]
    public async Task A_cancelled_receive_throws_operation_cancelled()
    {
        var wire = new PipeWire();
        using var cts = new CancellationTokenSource();
        var pending = wire.Socket.ReceiveAsync(Memory<byte>.Empty, cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Wait));
    }

    [Fact]
    public async Task A_pong_waits_for_a_send_the_client_is_not_yet_reading_and_follows_it()
    {
        // The connection takes 64 bytes before pushing back: a 1,000-byte send waits for the client to read.
        var wire = new PipeWire(new PipeOptions(pauseWriterThreshold: 64, resumeWriterThreshold: 32, useSynchronizationContext: false));
        var payload = new byte[1000];
        var sending = wire.Socket.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        Assert.False(sending.IsCompleted);

        await wire.ClientSendsAsync([.. FrameTests.ClientFrame(Opcode.Ping, "p"u8), .. FrameTests.ClientFrame(Opcode.Text, "after"u8)]);
        var receiving = wire.ReceiveMessageAsync();
        await Task.Delay(100);
        Assert.False(receiving.IsCompleted); // answering the ping waits its turn

        var data = await wire.ServerFrameAsync();
        Assert.Equal(0x82, data.First);
        Assert.Equal(1000, data.Payload.Length);
        var pong = await wire.ServerFrameAsync();
        Assert.Equal(0x8A, pong.First);
        Assert.Equal("after", Encoding.UTF8.GetString((await receiving.WaitAsync(Wait)).Bytes));
        await sending.WaitAsync(Wait);
    }

    [Fact]
    public async Task Keep_alive_sends_an_empty_pong_only_after_the_idle_time_and_only_while_open()
    {
        var wire = new PipeWire();
        var now = Environment.TickCount64;
        Assert.False(wire.Socket.KeepAlive(now, idleMilliseconds: 30_000));
        Assert.False(wire.ServerWroteMore());

        Assert.True(wire.Socket.KeepAlive(now + 31_000, idleMilliseconds: 30_000));
        var pong = await wire.ServerFrameAsync();
        Assert.Equal(new byte[] { 0x8A, 0x00 }, pong.Header);

        await wire.Socket.SendAsync("x"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        await wire.ServerFrameAsync();
        Assert.False(wire.Socket.KeepAlive(Environment.TickCount64 + 10_000, idleMilliseconds: 30_000));
        Assert.False(wire.ServerWroteMore()); // it sent something 10 s before that

        await wire.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await wire.ServerFrameAsync();
        Assert.False(wire.Socket.KeepAlive(Environment.TickCount64 + 60_000, idleMilliseconds: 30_000));
        Assert.False(wire.ServerWroteMore());
    }

    [Fact]
    public async Task The_array_segment_overloads_work_and_report_the_close_status()
    {
        var wire = new PipeWire();
        await wire.ClientSendsAsync([.. FrameTests.ClientFrame(Opcode.Text, "hi"u8), .. FrameTests.ClientFrame(Opcode.Close, [0x03, 0xE9, .. "away"u8])]);
        var buffer = new byte[16];
        var text = await wire.Socket.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
        Assert.Equal((2, WebSocketMessageType.Text, true), (text.Count, text.MessageType, text.EndOfMessage));
        var close = await wire.Socket.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
        Assert.Equal("away", close.CloseStatusDescription);

        await wire.Socket.SendAsync(new ArraySegment<byte>("ok"u8.ToArray()), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("ok"u8.ToArray(), (await wire.ServerFrameAsync()).Payload);
    }

    [Fact]
    public async Task Close_frames_are_not_sent_as_messages()
    {
        var wire = new PipeWire();
        await Assert.ThrowsAsync<ArgumentException>(async () => await wire.Socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Close, true, CancellationToken.None));
        Assert.False(wire.ServerWroteMore());
    }

    [Theory]
    [InlineData(true, WebSocketState.Aborted)]
    [InlineData(false, WebSocketState.Closed)]
    public async Task Abort_or_Dispose_wakes_a_waiting_receive_and_the_first_one_decides_the_state(bool abort, WebSocketState expected)
    {
        var wire = new PipeWire();
        var pending = wire.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).AsTask();
        if (abort)
        {
            wire.Socket.Abort();
        }
        else
        {
            wire.Socket.Dispose();
        }

        await Assert.ThrowsAsync<WebSocketException>(() => pending.WaitAsync(Wait));
        Assert.Equal(expected, wire.Socket.State);
        wire.Socket.Abort();
        wire.Socket.Dispose();
        Assert.Equal(expected, wire.Socket.State);
    }

    [Fact]
    public async Task A_ping_flood_gets_one_pong_at_once_and_the_latest_ping_answered_later()
    {
        var wire = new PipeWire();
        var flood = Enumerable.Range(0, 1000).SelectMany(i => FrameTests.ClientFrame(Opcode.Ping, Encoding.ASCII.GetBytes($"{i}"))).ToArray();
        await wire.ClientSendsAsync([.. flood, .. FrameTests.ClientFrame(Opcode.Text, "end"u8)]);
        Assert.Equal("end", Encoding.UTF8.GetString((await wire.ReceiveMessageAsync()).Bytes));

        Assert.Equal("0"u8.ToArray(), (await wire.ServerFrameAsync()).Payload);
        Assert.False(wire.ServerWroteMore()); // the other 999 are held back, not answered one by one

        Assert.False(wire.Socket.KeepAlive(Environment.TickCount64 - 1000, long.MaxValue)); // not before the spacing
        Assert.True(wire.Socket.KeepAlive(Environment.TickCount64 + PipeWebSocket.PongSpacingMilliseconds, long.MaxValue));
        Assert.Equal("999"u8.ToArray(), (await wire.ServerFrameAsync()).Payload); // only the latest (RFC 6455 §5.5.3)
        Assert.False(wire.Socket.KeepAlive(Environment.TickCount64 + 10 * PipeWebSocket.PongSpacingMilliseconds, long.MaxValue));
        Assert.False(wire.ServerWroteMore());
    }

    [Fact]
    public async Task A_keep_alive_to_a_connection_that_is_gone_fails_the_socket_quietly()
    {
        var wire = new PipeWire();
        await wire.ToClient.Reader.CompleteAsync(); // the connection stopped taking bytes: the client is gone
        Assert.False(wire.Socket.KeepAlive(Environment.TickCount64 + 60_000, idleMilliseconds: 30_000));
        Assert.Equal(WebSocketState.Aborted, wire.Socket.State);
        Assert.False(wire.Socket.KeepAlive(Environment.TickCount64 + 120_000, idleMilliseconds: 30_000));
    }

    [Fact]
    public async Task A_stream_that_breaks_under_the_socket_is_reported_as_a_websocket_failure_on_receive_and_send()
    {
        using var broken = new BrokenStream();
        using var receiving = new PipeWebSocket(new StreamDuplexPipe(PipeReader.Create(broken), PipeWriter.Create(broken)));
        var received = await Assert.ThrowsAsync<WebSocketException>(() => receiving.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).AsTask());
        Assert.IsType<IOException>(received.InnerException);
        Assert.Equal(WebSocketState.Aborted, receiving.State);

        using var sending = new PipeWebSocket(new StreamDuplexPipe(PipeReader.Create(broken), PipeWriter.Create(broken)));
        var sent = await Assert.ThrowsAsync<WebSocketException>(() => sending.SendAsync(new ReadOnlyMemory<byte>("hi"u8.ToArray()), WebSocketMessageType.Text, true, CancellationToken.None).AsTask());
        Assert.IsType<IOException>(sent.InnerException);
        Assert.Equal(WebSocketState.Aborted, sending.State);
        Assert.False(sending.KeepAlive(Environment.TickCount64 + 60_000, idleMilliseconds: 30_000)); // and stays quiet after
    }

    [Fact]
    public void Close_codes_a_peer_may_send()
    {
        int[] valid = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4000, 4999];
        int[] invalid = [0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535];
        Assert.All(valid, code => Assert.True(PipeWebSocket.IsValidCloseCode(code), $"{code}"));
        Assert.All(invalid, code => Assert.False(PipeWebSocket.IsValidCloseCode(code), $"{code}"));
    }

    /// <summary>A connection's stream after a reset: every read and write fails.</summary>
    private sealed class BrokenStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("connection reset"));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("connection reset"));

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("connection reset");

        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("connection reset");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
