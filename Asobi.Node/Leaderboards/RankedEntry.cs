namespace Asobi.Node.Leaderboards;

/// <summary>One standing: 1-based rank, the score, when it was reached (ties: earlier first) and its row version.</summary>
public readonly record struct RankedEntry(long Rank, Guid PlayerId, long Score, long ReachedAtMicros, long Version);
