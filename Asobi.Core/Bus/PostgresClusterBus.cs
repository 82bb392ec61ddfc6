using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Asobi.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asobi.Bus;

/// <summary>
/// The cluster bus over PostgreSQL LISTEN/NOTIFY. Three loops: one sender packs queued events into few NOTIFY
/// payloads; one listener holds a dedicated connection and only enqueues what arrives; one delivery loop calls
/// subscribers, in order, with remote events and with events published here (which never go through PostgreSQL).
/// A published event is queued for local subscribers as soon as the outbound queue accepts it; PublishAsync then
/// completes when its payload has been committed to PostgreSQL, whether or not local handlers have run yet (a
/// handler that publishes must not wait for its own delivery).
/// </summary>
public sealed partial class PostgresClusterBus : IClusterBus, IHostedService, IAsyncDisposable
{
    public const string ListenApplicationName = "asobi-bus-listen";
    public const string SendApplicationName = "asobi-bus-send";

    private static readonly TimeSpan QueueFullLogInterval = TimeSpan.FromSeconds(10);

    private readonly ClusterBusOptions options;
    private readonly string nodeId;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly BusMetrics metrics;
    private readonly NpgsqlDataSource sendDataSource;
    private readonly BusStore store;
    private readonly string listenConnectionString;
    private readonly Channel<OutboundEvent> outbound;
    private readonly Channel<InboundItem> inbound;
    private readonly SubscriptionRegistry subscriptions = new();
    private readonly PayloadPacker packer;
    private readonly string ownPayloadPrefix;
    private readonly CancellationTokenSource stopListening = new();
    private readonly CancellationTokenSource abortSending = new();
    private readonly CancellationTokenSource abortDelivery = new();

    private Task listenLoop = Task.CompletedTask;
    private Task sendLoop = Task.CompletedTask;
    private Task deliveryLoop = Task.CompletedTask;
    private Task cleanupLoop = Task.CompletedTask;
    private int started;
    private volatile bool stopping;
    private volatile bool connected;
    private long lastQueueFullLog = -1;

    public PostgresClusterBus(
        IOptions<ClusterBusOptions> options,
        NodeIdentity node,
        TimeProvider time,
        IMeterFactory meterFactory,
        ILoggerFactory loggerFactory)
    {
        this.options = options.Value;
        nodeId = node.NodeId;
        this.time = time;
        logger = loggerFactory.CreateLogger<PostgresClusterBus>();

        var connectionString = this.options.ConnectionString
            ?? throw new InvalidOperationException("The cluster bus has no connection string.");
        listenConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // A pooled connection that ran LISTEN keeps listening, unread, after it is returned; multiplexing
            // cannot Wait at all. The keepalive notices a dead server while we only wait.
            Pooling = false,
            Multiplexing = false,
            KeepAlive = 10,
            ApplicationName = ListenApplicationName,
        }.ConnectionString;
        var sendBuilder = new NpgsqlDataSourceBuilder(connectionString);
        sendBuilder.ConnectionStringBuilder.ApplicationName = SendApplicationName;
        sendBuilder.UseLoggerFactory(loggerFactory);
        sendDataSource = sendBuilder.Build();
        store = new BusStore(sendDataSource);

        outbound = Channel.CreateBounded<OutboundEvent>(new BoundedChannelOptions(this.options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        inbound = Channel.CreateBounded<InboundItem>(new BoundedChannelOptions(this.options.ReceiveQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        packer = new PayloadPacker(nodeId, this.options.MaxPayloadBytes, this.options.Batching);
        ownPayloadPrefix = BusEnvelopeWriter.ComputeOriginPrefix(nodeId);
        metrics = new BusMetrics(meterFactory, () => outbound.Reader.Count, () => inbound.Reader.Count);
    }

    public bool IsConnected => connected && !resynchronizing && Volatile.Read(ref resynchronizePending) == 0;

    public async ValueTask PublishAsync(string topic, string data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var completion = new TaskCompletionSource<SendOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Enqueue(topic, data, completion))
        {
            throw new BusUnavailableException(stopping
                ? "The cluster bus is stopping."
                : $"The cluster bus outbound queue is full ({options.QueueCapacity} events).");
        }

        SendOutcome outcome;
        try
        {
            outcome = await completion.Task.WaitAsync(options.PublishTimeout, time, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new BusUnavailableException($"PostgreSQL did not take the event within {options.PublishTimeout}.", ex);
        }

        if (outcome != SendOutcome.Sent)
        {
            throw new BusUnavailableException(outcome == SendOutcome.Stopped
                ? "The cluster bus stopped before the event was sent."
                : $"PostgreSQL did not take the event within {options.PublishTimeout}.");
        }
    }

    public bool TryPublish(string topic, string data) => Enqueue(topic, data, null);

    public IDisposable Subscribe(string topic, Func<BusMessage, ValueTask> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(handler);
        return subscriptions.Subscribe(topic, handler);
    }

    public IDisposable OnResynchronize(Func<CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return subscriptions.OnResynchronize(handler);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) == 1)
        {
            return Task.CompletedTask;
        }

        listenLoop = Task.Run(ListenLoopAsync, CancellationToken.None);
        sendLoop = Task.Run(SendLoopAsync, CancellationToken.None);
        deliveryLoop = Task.Run(DeliveryLoopAsync, CancellationToken.None);
        cleanupLoop = Task.Run(CleanupLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends what is queued (bounded by <see cref="ClusterBusOptions.ShutdownFlushTimeout"/>), stops listening,
    /// then lets subscribers finish what was already received, within the same bound.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        outbound.Writer.TryComplete();
        if (Volatile.Read(ref started) == 0)
        {
            return;
        }

        var flushDeadline = time.GetTimestamp();
        if (!await CompletesWithinAsync(sendLoop, RemainingFlushTime(flushDeadline), cancellationToken))
        {
            await abortSending.CancelAsync();
            await sendLoop;
        }

        await stopListening.CancelAsync();
        await Task.WhenAll(listenLoop, cleanupLoop);

        inbound.Writer.TryComplete();
        if (!await CompletesWithinAsync(deliveryLoop, RemainingFlushTime(flushDeadline), cancellationToken))
        {
            await abortDelivery.CancelAsync();
            await deliveryLoop;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!stopping)
        {
            await StopAsync(CancellationToken.None);
        }

        await sendDataSource.DisposeAsync();
        packer.Dispose();
        stopListening.Dispose();
        abortSending.Dispose();
        abortDelivery.Dispose();
    }

    private bool Enqueue(string topic, string data, TaskCompletionSource<SendOutcome>? completion)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(data);
        var sentAt = UnixMicros(time.GetUtcNow());
        if (!outbound.Writer.TryWrite(new OutboundEvent(topic, data, sentAt, time.GetTimestamp(), completion)))
        {
            metrics.RecordDropped(stopping ? DropReason.Stopped : DropReason.QueueFull);
            if (!stopping)
            {
                LogQueueFullOccasionally();
            }

            return false;
        }

        // Local subscribers get the event now, whatever happens to it on the way to PostgreSQL.
        DeliverLocally(new BusMessage(topic, data, nodeId, sentAt));
        return true;
    }

    private void LogQueueFullOccasionally()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref lastQueueFullLog);
        if ((last < 0 || time.GetElapsedTime(last, now) >= QueueFullLogInterval)
            && Interlocked.CompareExchange(ref lastQueueFullLog, now, last) == last)
        {
            logger.OutboundQueueFull(options.QueueCapacity);
        }
    }

    private TimeSpan RemainingFlushTime(long startTimestamp)
    {
        var left = options.ShutdownFlushTimeout - time.GetElapsedTime(startTimestamp);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    internal static long UnixMicros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
}
