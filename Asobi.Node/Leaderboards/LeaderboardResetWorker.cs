namespace Asobi.Node.Leaderboards;

/// <summary>
/// Resets boards with a schedule at their period end. Every node runs this on its own clock against the same
/// schedule, so all nodes start the new period at the same instant without talking to each other (finished
/// periods are already in the table, keyed by their end). A node whose clock lags is advanced earlier by the first
/// score of the new period that reaches it.
/// </summary>
public sealed partial class LeaderboardResetWorker(LeaderboardCaches caches, TimeProvider clock, ILogger<LeaderboardResetWorker> logger)
    : BackgroundService
{
    // Re-check at least this often (clock jumps, long schedules).
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    /// <summary>Advances every board whose period has ended; returns the earliest upcoming period end.</summary>
    public DateTimeOffset Tick()
    {
        var now = clock.GetUtcNow();
        var next = LeaderboardDefinition.Forever;
        foreach (var cache in caches.All.Where(c => c.Definition.Reset is not null))
        {
            if (now >= cache.PeriodEnd && cache.Advance(cache.Definition.PeriodEndAt(now)))
            {
                LogReset(cache.Definition.Id, cache.PeriodEnd);
            }

            next = cache.PeriodEnd < next ? cache.PeriodEnd : next;
        }

        return next;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Tick() - clock.GetUtcNow();
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Leaderboard {Board} reset; the new period ends at {PeriodEnd}")]
    private partial void LogReset(string board, DateTimeOffset periodEnd);
}
