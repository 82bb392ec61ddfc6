using Microsoft.Extensions.Options;
using Npgsql;

namespace Asobi.Node.Leaderboards;

/// <summary>Submits scores (store first, then the caches) and answers reads from this node's memory.</summary>
public sealed class LeaderboardService(
    LeaderboardStore store, LeaderboardCaches caches, IOptions<LeaderboardOptions> options, TimeProvider clock, LeaderboardMetrics metrics)
{
    public LeaderboardOptions Options => options.Value;

    public LeaderboardCache? Find(string boardId) => caches.Find(boardId);

    public Task<List<(DateTimeOffset PeriodEnd, long Entries)>> FinishedPeriodsAsync(LeaderboardCache cache, int limit, CancellationToken ct) =>
        store.PeriodsAsync(cache.Definition.Id, cache.PeriodEnd, limit, ct);

    public Task<List<RankedEntry>> ArchivedPageAsync(LeaderboardCache cache, DateTimeOffset periodEnd, long offset, int limit, CancellationToken ct) =>
        store.ArchivedPageAsync(cache.Definition, periodEnd, offset, limit, ct);

    /// <summary>Server-side submit (game modes, tournaments); the player's standing afterwards.</summary>
    public async Task<SubmitResult> SubmitAsync(string boardId, Guid playerId, long score, bool fromClient, CancellationToken ct)
    {
        if (caches.Find(boardId) is not { } cache)
        {
            return new SubmitResult(SubmitOutcome.UnknownBoard, null);
        }

        if (fromClient && !cache.Definition.ClientSubmit)
        {
            return new SubmitResult(SubmitOutcome.ClientSubmitDisabled, null);
        }

        StoredScore? stored;
        try
        {
            stored = await store.SubmitAsync(cache.Definition, cache.Definition.PeriodEndAt(clock.GetUtcNow()), playerId, score, ct);
        }
        catch (Exception ex) when (ex is OverflowException or PostgresException { SqlState: PostgresErrorCodes.NumericValueOutOfRange })
        {
            return new SubmitResult(SubmitOutcome.OutOfRange, null);
        }

        metrics.Submitted(boardId, stored is not null);
        if (stored is not null)
        {
            caches.Publish(boardId, stored);
        }

        return cache.TryGet(playerId, out var entry)
            ? new SubmitResult(SubmitOutcome.Stored, entry)
            : new SubmitResult(SubmitOutcome.Stored, null);
    }
}

public enum SubmitOutcome
{
    Stored,
    UnknownBoard,
    ClientSubmitDisabled,
    OutOfRange,
}

public sealed record SubmitResult(SubmitOutcome Outcome, RankedEntry? Entry);
