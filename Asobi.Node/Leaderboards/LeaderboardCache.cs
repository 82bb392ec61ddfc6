using System.Diagnostics;

namespace Asobi.Node.Leaderboards;

/// <summary>
/// This node's in-memory standings of one board's current period: a <see cref="RankIndex"/> behind a lock (reads take
/// microseconds, so a plain lock beats a reader/writer lock here). A rebuild from PostgreSQL swaps in a fresh index and
/// replays the updates that arrived while it was being read. A reset starts an empty index for the next period; an
/// update for a later period than this node's (another node's clock passed the reset first) resets here too.
/// </summary>
public sealed class LeaderboardCache(LeaderboardDefinition definition, DateTimeOffset periodEnd)
{
    private readonly Lock gate = new();
    private RankIndex index = new(definition.Descending);
    private List<RankedEntry>? duringRebuild;
    private DateTimeOffset periodEnd = periodEnd;
    private long lastResetTimestamp;

    public LeaderboardDefinition Definition => definition;

    /// <summary>The end (next reset) of the period this cache holds.</summary>
    public DateTimeOffset PeriodEnd
    {
        get
        {
            lock (gate)
            {
                return periodEnd;
            }
        }
    }

    /// <summary><see cref="Stopwatch"/> timestamp of the last reset on this node (0: none yet).</summary>
    public long LastResetTimestamp => Volatile.Read(ref lastResetTimestamp);

    public int Count
    {
        get
        {
            lock (gate)
            {
                return index.Count;
            }
        }
    }

    /// <summary>Applies a stored score of period <paramref name="period"/> (newest version wins; older periods are ignored).</summary>
    public void Apply(DateTimeOffset period, Guid playerId, long score, long reachedAtMicros, long version)
    {
        lock (gate)
        {
            if (period < periodEnd)
            {
                return;
            }

            if (period > periodEnd)
            {
                StartPeriodLocked(period);
            }

            index.Upsert(playerId, score, reachedAtMicros, version);
            duringRebuild?.Add(new RankedEntry(0, playerId, score, reachedAtMicros, version));
        }
    }

    /// <summary>Starts the period ending at <paramref name="next"/> with no entries; false when already there or later.</summary>
    public bool Advance(DateTimeOffset next)
    {
        lock (gate)
        {
            if (next <= periodEnd)
            {
                return false;
            }

            StartPeriodLocked(next);
            return true;
        }
    }

    /// <summary>Begins a rebuild; returns the period to read from the table.</summary>
    public DateTimeOffset BeginRebuild()
    {
        lock (gate)
        {
            duringRebuild = [];
            return periodEnd;
        }
    }

    /// <summary>Swaps in an index read for <paramref name="period"/>; discarded when a reset happened meanwhile.</summary>
    public void CompleteRebuild(RankIndex fresh, DateTimeOffset period)
    {
        lock (gate)
        {
            if (period == periodEnd)
            {
                foreach (var e in duringRebuild ?? [])
                {
                    fresh.Upsert(e.PlayerId, e.Score, e.ReachedAtMicros, e.Version);
                }

                index = fresh;
            }

            duringRebuild = null;
        }
    }

    public bool TryGet(Guid playerId, out RankedEntry entry)
    {
        lock (gate)
        {
            return index.TryGet(playerId, out entry);
        }
    }

    public List<RankedEntry> Range(long firstRank, int limit)
    {
        lock (gate)
        {
            return index.Range(firstRank, limit);
        }
    }

    public List<RankedEntry> Around(Guid playerId, int range)
    {
        lock (gate)
        {
            return index.Around(playerId, range);
        }
    }

    private void StartPeriodLocked(DateTimeOffset next)
    {
        periodEnd = next;
        index = new RankIndex(definition.Descending);
        if (duringRebuild is not null)
        {
            duringRebuild = [];
        }

        Volatile.Write(ref lastResetTimestamp, Stopwatch.GetTimestamp());
    }
}
