namespace Asobi.Node.Leaderboards;

/// <summary>
/// This node's in-memory standings of one board: a <see cref="RankIndex"/> behind a lock (reads take microseconds,
/// so a plain lock beats a reader/writer lock here). A rebuild from PostgreSQL swaps in a fresh index and replays
/// the updates that arrived while it was being read, so no bus event is lost to the rebuild.
/// </summary>
public sealed class LeaderboardCache(LeaderboardDefinition definition)
{
    private readonly Lock gate = new();
    private RankIndex index = new(definition.Descending);
    private List<RankedEntry>? duringRebuild;

    public LeaderboardDefinition Definition => definition;

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

    /// <summary>Applies a stored score (newest version wins).</summary>
    public void Apply(Guid playerId, long score, long reachedAtMicros, long version)
    {
        lock (gate)
        {
            index.Upsert(playerId, score, reachedAtMicros, version);
            duringRebuild?.Add(new RankedEntry(0, playerId, score, reachedAtMicros, version));
        }
    }

    public void BeginRebuild()
    {
        lock (gate)
        {
            duringRebuild = [];
        }
    }

    public void CompleteRebuild(RankIndex fresh)
    {
        lock (gate)
        {
            foreach (var e in duringRebuild ?? [])
            {
                fresh.Upsert(e.PlayerId, e.Score, e.ReachedAtMicros, e.Version);
            }

            index = fresh;
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
}
