using Asobi.Node.Leaderboards;

namespace Asobi.UnitTests.Leaderboards;

public sealed class RankIndexTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 3)]
    [InlineData(false, 4)]
    public void Random_operations_agree_with_a_naive_sorted_model(bool descending, int seed)
    {
        var random = new Random(seed);
        var index = new RankIndex(descending, capacity: 4, seed: (ulong)seed);
        var model = new Dictionary<Guid, (long Score, long At, long Version)>();
        var players = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToArray();
        long versions = 0;

        for (var step = 0; step < 6000; step++)
        {
            var p = players[random.Next(players.Length)];
            switch (random.Next(10))
            {
                case < 6:
                    // Few distinct scores so ties (broken by time, then player) are common.
                    var score = random.Next(-20, 20) * (random.Next(50) == 0 ? long.MaxValue / 40 : 1);
                    var at = random.Next(0, 50);
                    var v = ++versions;
                    Assert.True(index.Upsert(p, score, at, v));
                    model[p] = (score, at, v);
                    break;
                case 6:
                    if (model.TryGetValue(p, out var old))
                    {
                        Assert.False(index.Upsert(p, old.Score + 5, old.At, old.Version), "a stale version must be ignored");
                    }

                    break;
                case 7:
                    Assert.Equal(model.Remove(p), index.Remove(p));
                    break;
                default:
                    break;
            }

            if (step % 50 == 0)
            {
                AssertSame(descending, index, model, players, random);
            }
        }

        AssertSame(descending, index, model, players, random);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    [InlineData(true, 777)]
    public void A_bulk_load_agrees_with_the_model_and_keeps_agreeing_after_further_changes(bool descending, int count)
    {
        var random = new Random(count);
        var model = new Dictionary<Guid, (long Score, long At, long Version)>();
        var entries = new RankedEntry[count];
        for (var i = 0; i < count; i++)
        {
            var p = Guid.NewGuid();
            var score = random.Next(0, 100);
            var at = random.Next(0, 10);
            entries[i] = new RankedEntry(0, p, score, at, 1);
            model[p] = (score, at, 1);
        }

        var index = new RankIndex(descending, capacity: 1);
        index.Load(entries);
        var players = model.Keys.Concat(Enumerable.Range(0, 20).Select(_ => Guid.NewGuid())).ToArray();
        AssertSame(descending, index, model, players, random);

        for (var step = 0; step < 2000; step++)
        {
            var p = players[random.Next(players.Length)];
            if (random.Next(4) == 0)
            {
                Assert.Equal(model.Remove(p), index.Remove(p));
            }
            else
            {
                var score = random.Next(0, 100);
                index.Upsert(p, score, step, 2 + step);
                model[p] = (score, step, 2 + step);
            }
        }

        AssertSame(descending, index, model, players, random);
    }

    [Fact]
    public void A_bulk_load_refuses_a_non_empty_index_and_duplicate_players()
    {
        var p = Guid.NewGuid();
        var index = new RankIndex(descending: true);
        Assert.Throws<ArgumentException>(() => index.Load([new(0, p, 1, 0, 1), new(0, p, 2, 0, 1)]));
        Assert.Equal(0, index.Count);
        index.Upsert(p, 1, 0, 1);
        Assert.Throws<InvalidOperationException>(() => index.Load([new(0, Guid.NewGuid(), 1, 0, 1)]));
    }

    [Fact]
    public void Equal_scores_rank_the_earlier_one_first()
    {
        var index = new RankIndex(descending: true);
        var late = Guid.NewGuid();
        var early = Guid.NewGuid();
        index.Upsert(late, 100, reachedAtMicros: 20, entryVersion: 1);
        index.Upsert(early, 100, reachedAtMicros: 10, entryVersion: 1);
        Assert.Equal(1, index.RankOf(early));
        Assert.Equal(2, index.RankOf(late));
    }

    [Fact]
    public void Around_a_player_at_the_top_is_clipped_at_rank_one()
    {
        var index = new RankIndex(descending: true);
        var ids = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            index.Upsert(ids[i], 100 - i, 0, 1);
        }

        var around = index.Around(ids[1], range: 3);
        Assert.Equal([1L, 2, 3, 4, 5], around.Select(e => e.Rank));
        Assert.Empty(index.Around(Guid.NewGuid(), 3));
        Assert.Empty(index.Range(11, 5));
        Assert.Empty(index.Range(0, 5));
    }

    [Fact]
    public void Clear_empties_the_index_and_it_can_be_refilled()
    {
        var index = new RankIndex(descending: false, capacity: 2);
        var a = Guid.NewGuid();
        index.Upsert(a, 5, 0, 1);
        index.Upsert(Guid.NewGuid(), 6, 0, 1);
        index.Clear();
        Assert.Equal(0, index.Count);
        Assert.Equal(0, index.RankOf(a));
        index.Upsert(a, 1, 0, 1);
        Assert.Equal(1, index.RankOf(a));
    }

    private static void AssertSame(
        bool descending, RankIndex index, Dictionary<Guid, (long Score, long At, long Version)> model, Guid[] players, Random random)
    {
        var sorted = model
            .OrderBy(kv => descending ? ~kv.Value.Score : kv.Value.Score)
            .ThenBy(kv => kv.Value.At)
            .ThenBy(kv => kv.Key)
            .Select(kv => kv.Key)
            .ToList();
        Assert.Equal(sorted.Count, index.Count);
        Assert.Equal(sorted, index.Range(1, sorted.Count + 5).Select(e => e.PlayerId));
        foreach (var p in players)
        {
            Assert.Equal(sorted.IndexOf(p) + 1, index.RankOf(p));
        }

        if (sorted.Count > 0)
        {
            var first = random.Next(1, sorted.Count + 1);
            var limit = random.Next(1, 20);
            Assert.Equal(sorted.Skip(first - 1).Take(limit), index.Range(first, limit).Select(e => e.PlayerId));
            var me = sorted[random.Next(sorted.Count)];
            var rank = sorted.IndexOf(me) + 1;
            var from = Math.Max(1, rank - 3);
            Assert.Equal(sorted.Skip(from - 1).Take(rank - from + 4), index.Around(me, 3).Select(e => e.PlayerId));
            Assert.True(index.TryGet(me, out var entry));
            Assert.Equal(model[me].Score, entry.Score);
            Assert.Equal(rank, entry.Rank);
        }
    }
}
