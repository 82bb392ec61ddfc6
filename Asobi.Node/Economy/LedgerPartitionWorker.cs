using Microsoft.Extensions.Options;

namespace Asobi.Node.Economy;

/// <summary>
/// Ledger upkeep, at start and then daily: keeps the monthly partitions ahead of time (this month's and next
/// month's; rows outside them land in the default partition, so a missed run never loses a write) and forgets
/// idempotency keys past their retention.
/// </summary>
public sealed partial class LedgerPartitionWorker(
    EconomyStore store, IOptions<EconomyOptions> options, TimeProvider clock, ILogger<LedgerPartitionWorker> logger) : BackgroundService
{
    public async Task EnsureAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await store.EnsurePartitionAsync(now, ct);
        await store.EnsurePartitionAsync(now.AddMonths(1), ct);
        await store.ExpireKeysAsync(options.Value.IdempotencyKeyRetention, ct);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the node serves, so the first ledger rows already land in their month's partition.
        await TryEnsureAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryEnsureAsync(stoppingToken);
        }
    }

    private async Task TryEnsureAsync(CancellationToken ct)
    {
        try
        {
            await EnsureAsync(ct);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            LogPartitionFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ledger upkeep failed (partitions, expired idempotency keys); retrying tomorrow, rows go to the default partition meanwhile")]
    private partial void LogPartitionFailed(Exception ex);
}
