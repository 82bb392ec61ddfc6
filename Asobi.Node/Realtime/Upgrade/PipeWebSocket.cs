using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;

namespace Asobi.Node.Realtime.Upgrade;

/// <summary>
/// The server side of RFC 6455 written straight on a connection's pipes, for sockets accepted before the HTTP stack.
/// Compared with the framework's WebSocket over a stream adapter it holds no stream objects, no receive loop of its
/// own, no per-socket keep-alive timer (<see cref="KeepAliveSweep"/> serves every socket from one) and no send lock
/// object while idle: about a KiB less per idle socket, and one layer less per frame. No extension or subprotocol is
/// negotiated. Protocol errors send the close code the RFC names (1002, 1007) and fail the socket.
/// </summary>
public sealed class PipeWebSocket : WebSocket
{
    private readonly PipeReader input;
    private readonly PipeWriter output;
    private int state = (int)WebSocketState.Open;
    private WebSocketCloseStatus? closeStatus;
    private string? closeDescription;

    // Receive side: only one receive runs at a time.
    private long frameRemaining;
    private bool frameFin;
    private bool inFrame;
    private int maskKey;
    private int maskOffset;
    private WebSocketMessageType? messageType; // null between messages
    private Utf8Validator utf8;

    // Send side: one frame is written at a time; whoever waits for the turn waits on sendFree.
    private int sending;
    private TaskCompletionSource? sendFree;
    private bool sendInMessage;
    private long lastSendTicks = Environment.TickCount64;
    private long lastPongTicks; // long ago
    private byte[]? deferredPong; // the latest ping's payload, while pongs are spaced out

    /// <summary>
    /// Pings are answered at most once per this many milliseconds; a ping that comes sooner is answered later by
    /// <see cref="KeepAlive"/> (only the latest, as RFC 6455 §5.5.3 allows). A client pinging in a loop would
    /// otherwise cost the node a write per ping, past the message rate limit that guards everything else.
    /// </summary>
    public const long PongSpacingMilliseconds = 100;

    public PipeWebSocket(IDuplexPipe transport)
    {
        input = transport.Input;
        output = transport.Output;
    }

    public override WebSocketCloseStatus? CloseStatus => closeStatus;

    public override string? CloseStatusDescription => closeDescription;

    public override WebSocketState State => (WebSocketState)Volatile.Read(ref state);

    public override string? SubProtocol => null;

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        // One method on purpose: an idle socket waits here, and every nested awaiting frame would be held by each one.
        while (true)
        {
            if (State is not (WebSocketState.Open or WebSocketState.CloseSent) and var current)
            {
                throw new WebSocketException(WebSocketError.InvalidState, $"Cannot receive in state {current}.");
            }

            ReadResult read;
            try
            {
                read = await input.ReadAsync(cancellationToken);
            }
            catch (Exception ex) when (IsTransportFailure(ex))
            {
                throw Broken(ex);
            }

            var received = read.Buffer;
            if (read.IsCanceled)
            {
                input.AdvanceTo(received.Start);
                throw new WebSocketException(WebSocketError.InvalidState, "The WebSocket was aborted.");
            }

            if (!inFrame)
            {
                var parse = ParseHeader(received, out var header, out var error);
                if (parse == FrameParse.NeedMore)
                {
                    input.AdvanceTo(received.Start, received.End);
                    if (read.IsCompleted)
                    {
                        throw Premature();
                    }

                    continue;
                }

                if (parse == FrameParse.Invalid)
                {
                    input.AdvanceTo(received.Start);
                    throw await FailAsync(WebSocketCloseStatus.ProtocolError, error!);
                }

                if (header.IsControl)
                {
                    // Acted on only once the whole payload (at most 125 bytes) is here; see ParseHeader.
                    var controlPayload = new byte[(int)header.PayloadLength];
                    received.Slice(header.HeaderLength, header.PayloadLength).CopyTo(controlPayload);
                    input.AdvanceTo(received.GetPosition(header.HeaderLength + header.PayloadLength));
                    Frame.Unmask(controlPayload, header.MaskKey, 0);
                    if (header.Opcode == Opcode.Close)
                    {
                        return await ReceiveCloseAsync(controlPayload);
                    }

                    if (header.Opcode == Opcode.Ping && State == WebSocketState.Open)
                    {
                        // Answered in turn: a client that pings without reading the pongs is held back by its own
                        // connection filling up, like any other flood. Not after our close frame (RFC 6455 §5.5.1).
                        var now = Environment.TickCount64;
                        if (now - Volatile.Read(ref lastPongTicks) >= PongSpacingMilliseconds)
                        {
                            Volatile.Write(ref lastPongTicks, now);
                            Volatile.Write(ref deferredPong, null);
                            await SendFrameAsync(Opcode.Pong, controlPayload, fin: true, CancellationToken.None);
                        }
                        else
                        {
                            Volatile.Write(ref deferredPong, controlPayload);
                        }
                    }

                    continue; // pongs need no answer
                }

                input.AdvanceTo(received.GetPosition(header.HeaderLength));
                if (header.Opcode == Opcode.Continuation && messageType is null)
                {
                    throw await FailAsync(WebSocketCloseStatus.ProtocolError, "continuation frame outside a message");
                }

                if (header.Opcode != Opcode.Continuation)
                {
                    if (messageType is not null)
                    {
                        throw await FailAsync(WebSocketCloseStatus.ProtocolError, "new message before the last one ended");
                    }

                    messageType = header.Opcode == Opcode.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
                    utf8.Reset();
                }

                inFrame = true;
                frameRemaining = header.PayloadLength;
                frameFin = header.Fin;
                maskKey = header.MaskKey;
                maskOffset = 0;
                if (frameRemaining == 0)
                {
                    inFrame = false;
                    if (!frameFin)
                    {
                        continue; // an empty fragment: nothing to hand out
                    }

                    if (messageType == WebSocketMessageType.Text && !utf8.IsComplete)
                    {
                        throw await FailAsync(WebSocketCloseStatus.InvalidPayloadData, "text message ends inside a character");
                    }

                    return EndMessage(0);
                }

                if (buffer.IsEmpty)
                {
                    return new ValueWebSocketReceiveResult(0, messageType!.Value, endOfMessage: false);
                }

                continue;
            }

            if (received.IsEmpty)
            {
                input.AdvanceTo(received.Start, received.End);
                if (read.IsCompleted)
                {
                    throw Premature();
                }

                continue;
            }

            if (buffer.IsEmpty)
            {
                // Payload is waiting: say so without taking any.
                input.AdvanceTo(received.Start);
                return new ValueWebSocketReceiveResult(0, messageType!.Value, endOfMessage: false);
            }

            var count = (int)Math.Min(Math.Min(buffer.Length, frameRemaining), received.Length);
            var target = buffer.Span[..count];
            received.Slice(0, count).CopyTo(target);
            input.AdvanceTo(received.GetPosition(count));
            maskOffset = Frame.Unmask(target, maskKey, maskOffset);
            frameRemaining -= count;
            var endOfMessage = frameRemaining == 0 && frameFin;
            inFrame = frameRemaining != 0;
            if (messageType == WebSocketMessageType.Text && !utf8.Append(target, endOfMessage))
            {
                throw await FailAsync(WebSocketCloseStatus.InvalidPayloadData, "text message is not valid UTF-8");
            }

            return endOfMessage ? EndMessage(count) : new ValueWebSocketReceiveResult(count, messageType!.Value, endOfMessage: false);
        }
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return result.MessageType == WebSocketMessageType.Close
            ? new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, closeStatus, closeDescription)
            : new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (State is not (WebSocketState.Open or WebSocketState.CloseReceived) and var current)
        {
            throw new WebSocketException(WebSocketError.InvalidState, $"Cannot send in state {current}.");
        }

        if (messageType == WebSocketMessageType.Close)
        {
            throw new ArgumentException("Close frames are sent with CloseOutputAsync.", nameof(messageType));
        }

        // Only the application's own sends fragment, and it runs one at a time; the opcode follows its message.
        var opcode = sendInMessage ? Opcode.Continuation : messageType == WebSocketMessageType.Text ? Opcode.Text : Opcode.Binary;
        sendInMessage = !endOfMessage;
        return SendFrameAsync(opcode, buffer, endOfMessage, cancellationToken);
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override async Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        var current = State;
        if (current is WebSocketState.CloseSent or WebSocketState.Closed)
        {
            return;
        }

        if (current is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            throw new WebSocketException(WebSocketError.InvalidState, $"Cannot close in state {current}.");
        }

        var reason = Encoding.UTF8.GetBytes(statusDescription ?? string.Empty);
        if (reason.Length > Frame.MaxControlPayload - 2)
        {
            throw new ArgumentException("A close reason is at most 123 bytes of UTF-8.", nameof(statusDescription));
        }

        // RFC 6455 §7.4.1: 1005 (no status), 1006 (abnormal) and 1015 (TLS) are never sent. "No status" is an empty
        // close frame; the other two describe a connection that had no close frame at all, so asking for them is a bug.
        byte[] payload;
        if (closeStatus == WebSocketCloseStatus.Empty)
        {
            if (reason.Length > 0)
            {
                throw new ArgumentException("An empty close carries no reason.", nameof(statusDescription));
            }

            payload = [];
        }
        else if (!IsValidCloseCode((int)closeStatus))
        {
            throw new ArgumentException($"Close code {(int)closeStatus} may not be sent.", nameof(closeStatus));
        }
        else
        {
            payload = new byte[2 + reason.Length];
            BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)closeStatus);
            reason.CopyTo(payload, 2);
        }

        await SendFrameAsync(Opcode.Close, payload, fin: true, cancellationToken);
        // The reader may have taken the peer's close meanwhile.
        Transition(static s => s switch
        {
            WebSocketState.CloseReceived => WebSocketState.Closed,
            WebSocketState.Open => WebSocketState.CloseSent,
            _ => s,
        });
    }

    public override async Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        await CloseOutputAsync(closeStatus, statusDescription, cancellationToken);
        while (State == WebSocketState.CloseSent)
        {
            await ReceiveAsync(Memory<byte>.Empty, cancellationToken);
            if (State == WebSocketState.CloseSent)
            {
                // A data frame arrived before the peer's close: drain it.
                var drain = ArrayPool<byte>.Shared.Rent(4096);
                try
                {
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await ReceiveAsync(drain.AsMemory(), cancellationToken);
                    }
                    while (!result.EndOfMessage && State == WebSocketState.CloseSent);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(drain);
                }
            }
        }
    }

    /// <summary>Wakes whatever waits on the connection; the accepting code then ends it.</summary>
    public override void Abort()
    {
        Transition(static s => s is WebSocketState.Closed or WebSocketState.Aborted ? s : WebSocketState.Aborted);

        input.CancelPendingRead();
        output.CancelPendingFlush();
    }

    public override void Dispose()
    {
        if (Transition(static s => s is WebSocketState.Aborted ? s : WebSocketState.Closed) is WebSocketState.Closed or WebSocketState.Aborted)
        {
            return;
        }

        input.CancelPendingRead();
        output.CancelPendingFlush();
    }

    /// <summary>
    /// Answers a ping held back by <see cref="PongSpacingMilliseconds"/> once the spacing has passed, or else sends an
    /// unsolicited pong (RFC 6455 §5.5.3) when nothing was sent for <paramref name="idleMilliseconds"/>, so proxies
    /// and NATs keep an idle connection. Never waits: a socket that is sending needs no keep-alive.
    /// </summary>
    /// <returns>Whether a pong was sent.</returns>
    public bool KeepAlive(long nowTicks, long idleMilliseconds)
    {
        if (State != WebSocketState.Open)
        {
            return false;
        }

        var due = Volatile.Read(ref deferredPong) is not null
            ? nowTicks - Volatile.Read(ref lastPongTicks) >= PongSpacingMilliseconds
            : nowTicks - Volatile.Read(ref lastSendTicks) >= idleMilliseconds;
        if (!due || !TryTakeTurn())
        {
            return false;
        }

        var payload = Interlocked.Exchange(ref deferredPong, null);
        if (payload is not null)
        {
            Volatile.Write(ref lastPongTicks, nowTicks);
        }

        ValueTask write;
        try
        {
            write = WriteAndFlushAsync(Opcode.Pong, payload, fin: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException)
        {
            return false; // the connection is gone (the socket is aborted) or closing under us: nothing to keep alive
        }

        if (!write.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(write);
        }

        Volatile.Write(ref lastSendTicks, nowTicks); // the sweep's clock, so the next sweep sees it as sent
        return true;
    }

    /// <summary>A keep-alive that had to wait for the connection: its failure ends the socket through its reader.</summary>
    private static async Task ObserveAsync(ValueTask write)
    {
        try
        {
            await write;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            // Aborted or gone: the session's receive loop sees it too.
        }
    }

    /// <summary>
    /// A header is complete for a data frame once its 2–14 bytes are here; for a control frame once its payload is
    /// too, so that control frames never leave a half-read state behind.
    /// </summary>
    private static FrameParse ParseHeader(ReadOnlySequence<byte> received, out FrameHeader header, out string? error)
    {
        Span<byte> head = stackalloc byte[Frame.MaxClientHeader];
        var available = (int)Math.Min(received.Length, Frame.MaxClientHeader);
        received.Slice(0, available).CopyTo(head);
        var parse = Frame.TryParse(head[..available], out header, out error);
        if (parse == FrameParse.Complete && header.IsControl && received.Length < header.HeaderLength + header.PayloadLength)
        {
            return FrameParse.NeedMore;
        }

        return parse;
    }

    private ValueWebSocketReceiveResult EndMessage(int count)
    {
        var type = messageType!.Value;
        messageType = null;
        return new ValueWebSocketReceiveResult(count, type, endOfMessage: true);
    }

    private async ValueTask<ValueWebSocketReceiveResult> ReceiveCloseAsync(byte[] payload)
    {
        if (payload.Length == 1)
        {
            throw await FailAsync(WebSocketCloseStatus.ProtocolError, "close frame with a one-byte payload");
        }

        if (payload.Length >= 2)
        {
            var code = BinaryPrimitives.ReadUInt16BigEndian(payload);
            if (!IsValidCloseCode(code))
            {
                throw await FailAsync(WebSocketCloseStatus.ProtocolError, $"close code {code} may not be sent");
            }

            var validator = default(Utf8Validator);
            if (!validator.Append(payload.AsSpan(2), final: true))
            {
                throw await FailAsync(WebSocketCloseStatus.InvalidPayloadData, "close reason is not valid UTF-8");
            }

            closeStatus = (WebSocketCloseStatus)code;
            closeDescription = Encoding.UTF8.GetString(payload, 2, payload.Length - 2);
        }
        else
        {
            closeStatus = WebSocketCloseStatus.Empty;
            closeDescription = string.Empty;
        }

        Transition(static s => s switch
        {
            WebSocketState.CloseSent => WebSocketState.Closed,
            WebSocketState.Open => WebSocketState.CloseReceived,
            _ => s,
        });

        return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, endOfMessage: true);
    }

    /// <summary>Codes a peer may put in a close frame (RFC 6455 §7.4): 1004–1006 and 1015 are reserved, 1016–2999 unassigned.</summary>
    internal static bool IsValidCloseCode(int code) =>
        code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);

    /// <summary>Sends the close code for a protocol error if the connection lets us at once, then fails the socket.</summary>
    private async ValueTask<WebSocketException> FailAsync(WebSocketCloseStatus status, string reason)
    {
        if (State is WebSocketState.Open or WebSocketState.CloseReceived && TryTakeTurn())
        {
            var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
            BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
            Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await WriteAndFlushAsync(Opcode.Close, payload, fin: true, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException)
            {
                // The peer is gone or not reading: failing the socket is all that is left.
            }
        }

        closeStatus = status;
        closeDescription = reason;
        Abort();
        return new WebSocketException(WebSocketError.Faulted, $"WebSocket protocol error: {reason}.");
    }

    /// <summary>
    /// What a transport throws when the connection breaks under it: a stream over a TLS or HTTP connection throws
    /// these where Kestrel's connection pipes complete. Either way the socket reports one exception type.
    /// </summary>
    private static bool IsTransportFailure(Exception ex) => ex is IOException or ObjectDisposedException;

    /// <summary>The connection broke under the socket: it is aborted, and the failure is reported as a WebSocket's.</summary>
    private WebSocketException Broken(Exception inner)
    {
        Abort();
        return new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The connection failed.", inner);
    }

    /// <summary>The connection ended under the socket: it is aborted, so nothing uses it again.</summary>
    private WebSocketException Premature()
    {
        Abort();
        return new(WebSocketError.ConnectionClosedPrematurely, "The peer closed the connection without a close frame.");
    }

    /// <summary>Waits its turn (a pong or keep-alive may be on the wire), then writes one frame and flushes.</summary>
    private ValueTask SendFrameAsync(Opcode opcode, ReadOnlyMemory<byte> payload, bool fin, CancellationToken cancellationToken) =>
        TryTakeTurn() ? WriteAndFlushAsync(opcode, payload, fin, cancellationToken) : SendAfterTurnAsync(opcode, payload, fin, cancellationToken);

    private async ValueTask SendAfterTurnAsync(Opcode opcode, ReadOnlyMemory<byte> payload, bool fin, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Publish the waiting signal before trying again, so a turn given back in between is never missed.
            var free = Volatile.Read(ref sendFree);
            if (free is null)
            {
                var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                free = Interlocked.CompareExchange(ref sendFree, created, null) ?? created;
            }

            if (TryTakeTurn())
            {
                break;
            }

            await free.Task.WaitAsync(cancellationToken);
        }

        await WriteAndFlushAsync(opcode, payload, fin, cancellationToken);
    }

    private bool TryTakeTurn() => Interlocked.CompareExchange(ref sending, 1, 0) == 0;

    /// <summary>Called holding the turn (<see cref="TryTakeTurn"/>); gives it back however the write ends.</summary>
    private ValueTask WriteAndFlushAsync(Opcode opcode, ReadOnlyMemory<byte> payload, bool fin, CancellationToken cancellationToken)
    {
        ValueTask<FlushResult> flush;
        try
        {
            var header = output.GetSpan(Frame.MaxServerHeader);
            output.Advance(Frame.WriteHeader(header, opcode, fin, payload.Length));
            output.Write(payload.Span);
            Volatile.Write(ref lastSendTicks, Environment.TickCount64);
            flush = output.FlushAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            ReleaseSend();
            if (IsTransportFailure(ex))
            {
                throw Broken(ex);
            }

            throw;
        }

        if (flush.IsCompletedSuccessfully)
        {
            var result = flush.Result;
            ReleaseSend();
            CheckFlush(result);
            return ValueTask.CompletedTask;
        }

        return AwaitFlushAsync(flush);
    }

    private async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flush)
    {
        FlushResult result;
        try
        {
            result = await flush;
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Broken(ex);
        }
        finally
        {
            ReleaseSend();
        }

        CheckFlush(result);
    }

    private void CheckFlush(FlushResult result)
    {
        if (result.IsCanceled)
        {
            throw new WebSocketException(WebSocketError.InvalidState, "The WebSocket was aborted.");
        }

        if (result.IsCompleted)
        {
            throw Premature();
        }
    }

    private void ReleaseSend()
    {
        Volatile.Write(ref sending, 0);
        Interlocked.Exchange(ref sendFree, null)?.TrySetResult();
    }

    /// <summary>Moves to the state <paramref name="next"/> picks from the current one; returns the state it moved from.</summary>
    private WebSocketState Transition(Func<WebSocketState, WebSocketState> next)
    {
        while (true)
        {
            var current = Volatile.Read(ref state);
            if (Interlocked.CompareExchange(ref state, (int)next((WebSocketState)current), current) == current)
            {
                return (WebSocketState)current;
            }
        }
    }
}
