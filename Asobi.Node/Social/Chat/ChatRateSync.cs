using Asobi.Bus;
using Asobi.Cluster;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Social.Chat;

/// <summary>
/// Carries <see cref="ChatRateLimiter"/>'s reports between nodes: publishes what this node has to say every
/// <see cref="ChatOptions.RateSyncInterval"/> (nothing when there is nothing), applies other nodes' reports, and
/// after a bus outage switches every local player to reporting. Reports are fire-and-forget: a dropped one lets a
/// player exceed the limit by what it counted, once.
/// </summary>
public sealed partial class ChatRateSync(
    ChatRateLimiter limiter,
    IClusterBus bus,
    NodeIdentity identity,
    IOptions<ChatOptions> options,
    TimeProvider time,
    ILogger<ChatRateSync> logger) : BackgroundService
{
    /// <summary>Bus topic; data is a <see cref="ChatRateReport"/>.</summary>
    public const string BusTopic = "social.chat-rate";

    /// <summary>Reports stay well inside one NOTIFY payload.</summary>
    private const int MaxReportChars = 6_000;

    /// <summary>Budgets of players without a socket here are swept every this many intervals.</summary>
    private const int SweepEvery = 50;

    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(10);

    private IDisposable? subscription;
    private IDisposable? resync;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = bus.Subscribe(BusTopic, OnReport);
        resync = bus.OnResynchronize(_ =>
        {
            limiter.ShareAll();
            return ValueTask.CompletedTask;
        });
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        subscription?.Dispose();
        resync?.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RateSyncInterval;
        using var timer = new PeriodicTimer(interval > MinInterval ? interval : MinInterval, time);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Publish();
                if (++ticks % SweepEvery == 0)
                {
                    limiter.Sweep();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sends what the limiter has to report now.</summary>
    public void Publish()
    {
        foreach (var report in limiter.TakeReports(MaxReportChars))
        {
            if (!bus.TryPublish(BusTopic, report))
            {
                LogReportDropped();
            }
        }
    }

    private ValueTask OnReport(BusMessage message)
    {
        if (message.OriginNodeId != identity.NodeId)
        {
            limiter.Apply(message.Data);
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bus queue full: a chat rate report was dropped (the limit may be exceeded once)")]
    private partial void LogReportDropped();
}
