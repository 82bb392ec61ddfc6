using Asobi.Bus;

namespace Asobi.Node.Social.Fanout;

/// <summary>
/// Remembers when this node last saw its bus connected: where a catch-up after the listener reconnects starts to
/// re-read stored state. The bus reports itself disconnected from the moment it loses its listener until its
/// resynchronize handlers have run, so a catch-up always reads the time from before the outage.
/// </summary>
public sealed class BusConnectedClock(IClusterBus bus, TimeProvider time) : BackgroundService
{
    /// <summary>Node and database clocks may differ: a catch-up starts this much before the bus was last seen.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private long lastConnectedTicks = time.GetUtcNow().UtcTicks;

    public DateTimeOffset LastConnected => new(Interlocked.Read(ref lastConnectedTicks), TimeSpan.Zero);

    /// <summary>Where a catch-up re-reads from: the last time seen connected less the margin, at most window ago.</summary>
    public DateTimeOffset CatchUpSince(TimeSpan window)
    {
        var since = LastConnected - Margin;
        var earliest = time.GetUtcNow() - window;
        return since < earliest ? earliest : since;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval, time);
        try
        {
            do
            {
                if (bus.IsConnected)
                {
                    Interlocked.Exchange(ref lastConnectedTicks, time.GetUtcNow().UtcTicks);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
