using Asobi.Bus;
using Asobi.Cluster;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Matches.Relay;

/// <summary>
/// Wires the relay to the bus: commands for matches hosted here are applied on the bus's delivery loop (in-memory
/// only); batches for players relayed by this node wait in the <see cref="RelayInbox"/> and are written to sockets
/// by this worker. Every heartbeat interval, while anything is relayed either way, one registry read finds dead
/// hosts and dead relaying nodes.
/// </summary>
public sealed partial class RelayWorker(
    IClusterBus bus,
    RelayHost host,
    RelaySeats seats,
    NodeRegistryStore registry,
    NodeIdentity node,
    IOptions<MatchOptions> options,
    IOptions<ClusterOptions> cluster,
    MatchMetrics metrics,
    TimeProvider time,
    ILogger<RelayWorker> logger) : BackgroundService
{
    private readonly List<IDisposable> subscriptions = [];
    private readonly RelayInbox inbox = new(options.Value.RelayQueueCapacity, metrics);

    /// <summary>Batches waiting to be written to relayed players' sockets.</summary>
    public int Waiting => inbox.Count;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        subscriptions.Add(bus.Subscribe(RelayTopics.ToHost(node.NodeId), OnCommandAsync));
        subscriptions.Add(bus.Subscribe(RelayTopics.ToRelay(node.NodeId), OnBatchAsync));
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var s in subscriptions)
        {
            s.Dispose();
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        inbox.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(DeliverAsync(stoppingToken), CheckAsync(stoppingToken));

    private async Task DeliverAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var batch = await inbox.TakeAsync(ct);
                try
                {
                    seats.Deliver(batch);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogDeliveryFailed(batch.MatchId, ex); // one bad batch must not stop every relayed match here
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(cluster.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (seats.Count == 0 && !host.HasRelayed())
                {
                    continue;
                }

                HashSet<string> live;
                try
                {
                    live = [.. (await registry.LiveAsync(cluster.Value.NodeTimeout, ct)).Select(n => n.NodeId)];
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
                {
                    LogCheckFailed(ex); // no verdict while the registry cannot be read
                    continue;
                }

                seats.Check(live);
                host.Check(live);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private ValueTask OnCommandAsync(BusMessage message)
    {
        if (RelayCommand.Read(message.Data) is { } command)
        {
            host.Handle(command);
        }
        else
        {
            LogMalformed(message.Topic, message.OriginNodeId);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnBatchAsync(BusMessage message)
    {
        if (RelayBatch.ReadAll(message.Data) is { } batches)
        {
            foreach (var batch in batches)
            {
                inbox.Add(batch);
            }
        }
        else
        {
            LogMalformed(message.Topic, message.OriginNodeId);
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed relay event on {Topic} from {OriginNodeId} ignored")]
    private partial void LogMalformed(string topic, string originNodeId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Relayed batch of match {MatchId} could not be delivered")]
    private partial void LogDeliveryFailed(Guid matchId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay liveness check could not read the node registry")]
    private partial void LogCheckFailed(Exception ex);
}
