using Microsoft.Extensions.Options;

namespace Asobi.Node.Leaderboards;

/// <summary>
/// The bus is not durable and its outbound queue may drop an event when full; this worker bounds how long such a
/// loss lasts. Every <see cref="LeaderboardOptions.CatchUpInterval"/> it reads each board's rows changed since the
/// previous pass (with an overlap covering transactions that committed late) and applies them; versions make
/// repeats harmless.
/// </summary>
public sealed partial class LeaderboardCatchUpWorker(
    LeaderboardCaches caches,
    LeaderboardStore store,
    IOptions<LeaderboardOptions> options,
    TimeProvider clock,
    ILogger<LeaderboardCatchUpWorker> logger) : BackgroundService
{
    // A row's reached_at is its transaction's start, so a slow transaction can commit after a pass that began later.
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    private DateTimeOffset lastPass = DateTimeOffset.MinValue;

    /// <summary>One pass over every board; returns how many rows were read.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var since = lastPass == DateTimeOffset.MinValue ? started - Overlap : lastPass - Overlap;
        var read = 0;
        foreach (var cache in caches.All)
        {
            var period = cache.PeriodEnd;
            foreach (var row in await store.ChangedSinceAsync(cache.Definition, period, since, ct))
            {
                cache.Apply(period, row.PlayerId, row.Score, row.ReachedAtMicros, row.Version);
                read++;
            }
        }

        lastPass = started;
        return read;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CatchUpInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CatchUpAsync(stoppingToken);
            }
            catch (Npgsql.NpgsqlException ex)
            {
                LogCatchUpFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaderboard catch-up failed; retrying at the next interval")]
    private partial void LogCatchUpFailed(Exception ex);
}
