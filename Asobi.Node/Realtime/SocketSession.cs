using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Asobi.Node.Realtime;

/// <summary>
/// One client WebSocket: a receive loop that enforces the frame-size, rate and authentication limits and hands
/// frames to the dispatcher in arrival order, and a writer loop fed by a bounded queue. Overload policy: when the
/// queue is full the client is not keeping up, so the queue is discarded and the socket closed 1008 <c>slow_consumer</c>.
/// </summary>
public sealed partial class SocketSession : IDisposable
{
    private const int InitialReceiveBuffer = 1024;

    private static long nextId;

    private readonly WebSocket socket;
    private readonly SocketOptions options;
    private readonly TimeProvider time;
    private readonly NodeMetrics metrics;
    private readonly ILogger logger;
    private readonly Channel<byte[]> outbound;
    private readonly CancellationTokenSource aborted = new();
    private int closeRequested;
    private volatile bool discardQueue;
    private WebSocketCloseStatus closeStatus = WebSocketCloseStatus.NormalClosure;
    private string closeReason = string.Empty;

    public SocketSession(WebSocket socket, SocketOptions options, TimeProvider time, NodeMetrics metrics, ILogger logger)
    {
        this.socket = socket;
        this.options = options;
        this.time = time;
        this.metrics = metrics;
        this.logger = logger;
        outbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.OutboundQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full; we never wait
        });
        ConnectedAt = time.GetUtcNow();
    }

    public long Id { get; } = Interlocked.Increment(ref nextId);

    public DateTimeOffset ConnectedAt { get; }

    /// <summary>True when accepted on the raw connection, false when through the HTTP stack.</summary>
    public bool AcceptedDirectly { get; init; }

    public Guid? PlayerId { get; private set; }

    public Guid? SessionId { get; private set; }

    public bool IsAuthenticated => PlayerId is not null;

    public bool IsClosing => Volatile.Read(ref closeRequested) == 1;

    /// <summary>Frames waiting to be written.</summary>
    public int QueuedFrames => outbound.Reader.Count;

    internal void BindIdentity(Guid playerId, Guid sessionId)
    {
        PlayerId = playerId;
        SessionId = sessionId;
    }

    /// <summary>Queues a frame; never blocks. False when the socket is closing or has just been dropped as too slow.</summary>
    public bool Send(byte[] frame)
    {
        if (IsClosing)
        {
            return false;
        }

        if (outbound.Writer.TryWrite(frame))
        {
            return true;
        }

        if (!IsClosing)
        {
            discardQueue = true;
            metrics.SlowConsumer();
            LogSlowConsumer(Id, PlayerId);
            RequestClose(WebSocketCloseStatus.PolicyViolation, "slow_consumer");
        }

        return false;
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
        outbound.Writer.TryComplete();
        _ = AbortIfStuckAsync();
    }

    public async Task RunAsync(MessageDispatcher dispatcher)
    {
        var writer = WriteLoopAsync();
        _ = EnforceAuthenticationTimeoutAsync();
        try
        {
            await ReceiveLoopAsync(dispatcher);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The peer vanished or we aborted: nothing to tell anyone.
        }
        finally
        {
            outbound.Writer.TryComplete();
            await writer;
            aborted.Cancel();
        }
    }

    private async Task ReceiveLoopAsync(MessageDispatcher dispatcher)
    {
        var limit = options.MaxFrameBytes;
        var bucket = new TokenBucket(options.MessagesPerSecond, time);
        // Small to start and shrunk back after a big frame: an idle socket holds 1 KiB here, not a frame's worth.
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, InitialReceiveBuffer));
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var length = 0;
                var tooLarge = false;
                ValueWebSocketReceiveResult result;
                do
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
                    if (!tooLarge)
                    {
                        length += result.Count;
                        tooLarge = length > limit;
                    }
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The client asked to close (or answered our close): echo its status and stop reading.
                    RequestClose(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription ?? string.Empty);
                    return;
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

                if (buffer.Length > InitialReceiveBuffer * 4)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, InitialReceiveBuffer));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Reject(WsError error)
    {
        metrics.Error(error.Code);
        Send(Envelope.Error(error, cidJson: null));
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var frame in outbound.Reader.ReadAllAsync(aborted.Token))
            {
                if (discardQueue)
                {
                    break;
                }

                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, aborted.Token);
            }

            if (IsClosing && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(closeStatus, closeReason, aborted.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is gone; the receive loop ends too.
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket {SocketId} (player {PlayerId}) is not reading; closing it as a slow consumer")]
    private partial void LogSlowConsumer(long socketId, Guid? playerId);
}
