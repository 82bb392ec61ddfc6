using Asobi.Node.Leaderboards;

namespace Asobi.UnitTests.Leaderboards;

public sealed class LeaderboardCacheTests
{
    private static readonly DateTimeOffset P1 = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset P2 = P1.AddDays(7);

    private static LeaderboardCache NewCache() => new(new LeaderboardDefinition("w", true, ScoreOperator.Best, false), P1);

    [Fact]
    public void An_update_for_a_finished_period_is_ignored()
    {
        var cache = NewCache();
        cache.Advance(P2);
        cache.Apply(P1, Guid.NewGuid(), 10, 0, 1);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void An_update_for_a_later_period_resets_this_node_first()
    {
        var cache = NewCache();
        cache.Apply(P1, Guid.NewGuid(), 10, 0, 1);
        var p = Guid.NewGuid();
        cache.Apply(P2, p, 3, 0, 1);
        Assert.Equal(P2, cache.PeriodEnd);
        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet(p, out _));
        Assert.NotEqual(0, cache.LastResetTimestamp);
    }

    [Fact]
    public void A_rebuild_read_for_a_period_that_ended_meanwhile_is_discarded()
    {
        var cache = NewCache();
        var period = cache.BeginRebuild();
        var stale = new RankIndex(true);
        stale.Upsert(Guid.NewGuid(), 1, 0, 1);
        cache.Advance(P2);
        cache.CompleteRebuild(stale, period);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Updates_arriving_during_a_rebuild_are_replayed_onto_the_fresh_index()
    {
        var cache = NewCache();
        var period = cache.BeginRebuild();
        var p = Guid.NewGuid();
        cache.Apply(P1, p, 99, 0, 5);
        var fresh = new RankIndex(true);
        fresh.Upsert(p, 50, 0, 4); // the table was read before the newer write
        cache.CompleteRebuild(fresh, period);
        Assert.True(cache.TryGet(p, out var e));
        Assert.Equal(99, e.Score);
    }
}
