using System.Buffers;
using System.Net.WebSockets;

namespace Asobi.Node.Realtime;

/// <summary>
/// One client WebSocket: a receive loop that enforces the frame-size, rate and authentication limits and hands
/// frames to the dispatcher in arrival order, and a bounded outbound queue. Frames are written by whoever queues
/// into an idle socket, straight away while the connection takes them without waiting, and by a continuation once
/// it pushes back; so an idle socket holds no writer task and no receive buffer. Overload policy: when the queue is
/// full the client is not keeping up, so the queue is discarded and the socket closed 1008 <c>slow_consumer</c>.
/// </summary>
public sealed partial class SocketSession : IDisposable
{
    /// <summary>Rented per message, doubled up to the frame limit for bigger ones.</summary>
    private const int InitialReceiveBuffer = 4096;

    /// <summary>A queue that grew past this during a burst gives its array back once drained.</summary>
    private const int KeptQueueCapacity = 16;

    private static long nextId;

    private readonly WebSocket socket;
    private readonly SocketOptions options;
    private readonly TimeProvider time;
    private readonly NodeMetrics metrics;
    private readonly ILogger logger;
    private readonly Queue<byte[]> outbound = new();
    private TaskCompletionSource? writerDone; // only when the reader ends while a write is in flight
    private bool writing;
    private bool writerStopped;
    private int burstPeak;
    private readonly CancellationTokenSource aborted = new();
    private int closeRequested;
    private bool discardQueue; // under the queue's lock
    private WebSocketCloseStatus closeStatus = WebSocketCloseStatus.NormalClosure;
    private string closeReason = string.Empty;

    public SocketSession(WebSocket socket, SocketOptions options, TimeProvider time, NodeMetrics metrics, ILogger logger)
    {
        this.socket = socket;
        this.options = options;
        this.time = time;
        this.metrics = metrics;
        this.logger = logger;
        ConnectedAt = time.GetUtcNow();
    }

    public long Id { get; } = Interlocked.Increment(ref nextId);

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>The connection's WebSocket: the node's own on the raw connection, the framework's through the HTTP stack.</summary>
    internal WebSocket Socket => socket;

    /// <summary>True when accepted on the raw connection, false when through the HTTP stack.</summary>
    public bool AcceptedDirectly { get; init; }

    public Guid? PlayerId { get; private set; }

    public Guid? SessionId { get; private set; }

    public bool IsAuthenticated => PlayerId is not null;

    /// <summary>What the client declared in <c>session.connect</c>.</summary>
    public ClientFeatures Features { get; private set; }

    /// <summary>Whether this client follows <c>match.migrate</c>; if not, matches elsewhere are relayed to it.</summary>
    public bool Migrates => Features.HasFlag(ClientFeatures.Migrate);

    public bool IsClosing => Volatile.Read(ref closeRequested) == 1;

    /// <summary>Frames waiting to be written.</summary>
    public int QueuedFrames
    {
        get
        {
            lock (outbound)
            {
                return outbound.Count;
            }
        }
    }

    internal void BindIdentity(Guid playerId, Guid sessionId, ClientFeatures features)
    {
        Features = features;
        PlayerId = playerId;
        SessionId = sessionId;
    }

    /// <summary>Queues a frame; never blocks. False when the socket is closing or has just been dropped as too slow.</summary>
    public bool Send(byte[] frame)
    {
        bool startWriter;
        var tooSlow = false;
        lock (outbound)
        {
            if (IsClosing || writerStopped || discardQueue)
            {
                return false;
            }

            if (outbound.Count >= options.OutboundQueueCapacity)
            {
                outbound.Clear();
                discardQueue = tooSlow = true; // only one call gets here: it reports the slow consumer
            }
            else
            {
                outbound.Enqueue(frame);
                burstPeak = Math.Max(burstPeak, outbound.Count);
            }

            startWriter = !writing && !discardQueue;
            writing |= startWriter;
        }

        if (tooSlow)
        {
            metrics.SlowConsumer();
            LogSlowConsumer(Id, PlayerId);
            RequestClose(WebSocketCloseStatus.PolicyViolation, "slow_consumer");
            return false;
        }

        if (startWriter)
        {
            _ = WriteQueuedAsync();
        }

        return true;
    }

    /// <summary>
    /// Answers the client's close with its code and reason; a close without a code is answered 1000, since 1005 ("no
    /// status") may never be put on the wire (RFC 6455 §7.4.1) and browsers report an answer carrying it as 1006.
    /// </summary>
    private void EchoClientClose()
    {
        if (socket.CloseStatus is { } status and not WebSocketCloseStatus.Empty)
        {
            RequestClose(status, socket.CloseStatusDescription ?? string.Empty);
        }
        else
        {
            RequestClose(WebSocketCloseStatus.NormalClosure, string.Empty);
        }
    }

    /// <summary>Starts the close handshake once queued frames are written; aborts if it does not finish in time.</summary>
    public void RequestClose(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref closeRequested, 1) == 1)
        {
            return;
        }

        closeStatus = status;
        closeReason = reason;
        bool startWriter;
        lock (outbound)
        {
            startWriter = !writing && !writerStopped;
            writing |= startWriter;
        }

        if (startWriter)
        {
            _ = WriteQueuedAsync();
        }

        _ = AbortIfStuckAsync();
    }

    /// <summary>
    /// Reads and dispatches frames until the socket closes, then waits for the writer, removes the socket from
    /// <paramref name="registry"/> and, with <paramref name="disposeAtEnd"/>, disposes the session. One method on
    /// purpose: every awaiting frame here is held by every idle socket.
    /// </summary>
    public async Task RunAsync(MessageDispatcher dispatcher, LocalSockets? registry = null, bool disposeAtEnd = false)
    {
        _ = EnforceAuthenticationTimeoutAsync();
        try
        {
            var limit = options.MaxFrameBytes;
            var bucket = new TokenBucket(options.MessagesPerSecond, time);
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                // Wait for the next frame with no buffer: an idle socket holds none; one is rented per message.
                // No token: both WebSockets wake a waiting receive on Abort, which the session calls before it cancels,
                // and a registration here would be held by every idle socket.
                var result = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The client asked to close (or answered our close): echo its status and stop reading.
                    EchoClientClose();
                    return;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, InitialReceiveBuffer));
                try
                {
                    var length = 0;
                    var tooLarge = false;
                    while (!result.EndOfMessage)
                    {
                        if (length == buffer.Length && !tooLarge)
                        {
                            if (buffer.Length > limit)
                            {
                                tooLarge = true;
                            }
                            else
                            {
                                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                                buffer.AsSpan(0, length).CopyTo(bigger);
                                ArrayPool<byte>.Shared.Return(buffer);
                                buffer = bigger;
                            }
                        }

                        // Past the limit we keep reading to skip the rest of the frame, overwriting the same bytes.
                        var target = tooLarge ? buffer.AsMemory() : buffer.AsMemory(length);
                        result = await socket.ReceiveAsync(target, aborted.Token);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            EchoClientClose();
                            return;
                        }

                        if (!tooLarge)
                        {
                            length += result.Count;
                            tooLarge = length > limit;
                        }
                    }

                    metrics.MessageReceived();
                    if (tooLarge)
                    {
                        Reject(WsErrors.PayloadTooLarge.WithMessage($"Frames are limited to {limit} bytes."));
                    }
                    else if (result.MessageType == WebSocketMessageType.Binary)
                    {
                        Reject(WsErrors.BinaryUnsupported);
                    }
                    else if (!bucket.TryTake())
                    {
                        Reject(WsErrors.RateLimited);
                    }
                    else
                    {
                        await dispatcher.DispatchAsync(this, buffer.AsMemory(0, length), aborted.Token);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The peer vanished or we aborted: nothing to tell anyone.
        }
        finally
        {
            Task? wait;
            lock (outbound)
            {
                writerStopped = true; // nothing new is queued from here on
                wait = writing ? (writerDone ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task : null;
            }

            if (wait is not null)
            {
                await wait;
            }

            aborted.Cancel();
            registry?.Remove(this);
            if (disposeAtEnd)
            {
                Dispose();
            }
        }
    }

    private void Reject(WsError error)
    {
        metrics.Error(error.Code);
        Send(Envelope.Error(error, cidJson: null));
    }

    /// <summary>
    /// Writes queued frames until the queue is empty, then the close frame if one was asked for. Only one runs at a
    /// time (<see cref="writing"/>); it completes synchronously while the connection accepts writes without waiting.
    /// </summary>
    private async Task WriteQueuedAsync()
    {
        try
        {
            while (true)
            {
                byte[]? frame;
                lock (outbound)
                {
                    if (discardQueue || !outbound.TryDequeue(out frame))
                    {
                        frame = null;
                        if (burstPeak > KeptQueueCapacity)
                        {
                            outbound.TrimExcess();
                        }

                        burstPeak = 0;
                        if (!IsClosing)
                        {
                            writing = false;
                            writerDone?.TrySetResult();

                            return;
                        }
                    }
                }

                if (frame is null)
                {
                    break; // closing and drained
                }

                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, aborted.Token);
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(closeStatus, closeReason, aborted.Token);
            }
        }
        catch (Exception ex)
        {
            // The connection is gone (or broke in a way we did not expect): the receive loop ends too.
            if (ex is not (WebSocketException or OperationCanceledException or ObjectDisposedException or IOException))
            {
                LogWriteFailed(ex, Id);
            }

            socket.Abort();
        }

        // Closing (or broken): this writer stays the last one, so nothing is written after the close frame.
        lock (outbound)
        {
            writerStopped = true;
            writing = false;
            outbound.Clear();
            writerDone?.TrySetResult();
        }
    }

    private async Task EnforceAuthenticationTimeoutAsync()
    {
        try
        {
            await Task.Delay(options.AuthenticationTimeout, time, aborted.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (!IsAuthenticated)
        {
            metrics.Error("ws.authentication_timeout");
            RequestClose(WebSocketCloseStatus.PolicyViolation, "authentication_timeout");
        }
    }

    private async Task AbortIfStuckAsync()
    {
        try
        {
            await Task.Delay(options.CloseTimeout, time, aborted.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (socket.State != WebSocketState.Closed)
        {
            socket.Abort();
        }

        await aborted.CancelAsync();
    }

    public void Dispose() => aborted.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing to socket {SocketId} failed; aborting it")]
    private partial void LogWriteFailed(Exception ex, long socketId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket {SocketId} (player {PlayerId}) is not reading; closing it as a slow consumer")]
    private partial void LogSlowConsumer(long socketId, Guid? playerId);
}
