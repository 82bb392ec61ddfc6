using System.Diagnostics;
using Asobi.Node.Leaderboards;

namespace Asobi.Bench.Leaderboard;

/// <summary>The rank structure alone and behind the cache's lock, on one thread, trials interleaved.</summary>
internal static class MemoryBench
{
    private const int Ops = 200_000;

    public static void Run(int entries, int trials)
    {
        var build = new Stats("build by n inserts (in memory, random order)", "ms");
        var bulk = new Stats("bulk load: sort + balanced build (in memory)", "ms");
        var rank = new Stats("rank of a random player (cache, locked)", "ns/op");
        var around = new Stats("around-me ±5 (cache, locked)", "ns/op");
        var top = new Stats("top 10 at a random offset (cache)", "ns/op");
        var upsert = new Stats("upsert of a random player (cache)", "ns/op");
        var rawRank = new Stats("rank of a random player (index, no lock)", "ns/op");

        for (var trial = 0; trial < trials; trial++)
        {
            var random = new Random(trial);
            var players = new Guid[entries];
            var index = new RankIndex(descending: true, capacity: entries);
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < entries; i++)
            {
                players[i] = Guid.NewGuid();
                index.Upsert(players[i], random.NextInt64(0, entries * 10L), i, 1);
            }

            build.Add(sw.Elapsed.TotalMilliseconds);
            var rows = players.Select(p => index.TryGet(p, out var e) ? e : default).ToArray();
            sw.Restart();
            new RankIndex(descending: true, capacity: entries).Load(rows);
            bulk.Add(sw.Elapsed.TotalMilliseconds);
            var forever = LeaderboardDefinition.Forever;
            var cache = new LeaderboardCache(new LeaderboardDefinition("bench", true, ScoreOperator.Best, false), forever);
            cache.CompleteRebuild(index, cache.BeginRebuild());
            var probes = Enumerable.Range(0, Ops).Select(_ => players[random.Next(entries)]).ToArray();

            long sink = 0;
            sw.Restart();
            foreach (var p in probes)
            {
                cache.TryGet(p, out var e);
                sink += e.Rank;
            }

            rank.Add(sw.Elapsed.TotalNanoseconds / Ops);
            sw.Restart();
            foreach (var p in probes)
            {
                sink += index.RankOf(p);
            }

            rawRank.Add(sw.Elapsed.TotalNanoseconds / Ops);
            sw.Restart();
            foreach (var p in probes)
            {
                sink += cache.Around(p, 5).Count;
            }

            around.Add(sw.Elapsed.TotalNanoseconds / Ops);
            sw.Restart();
            for (var i = 0; i < Ops; i++)
            {
                sink += cache.Range(random.Next(1, entries), 10).Count;
            }

            top.Add(sw.Elapsed.TotalNanoseconds / Ops);
            sw.Restart();
            for (var i = 0; i < Ops; i++)
            {
                cache.Apply(forever, probes[i], random.NextInt64(0, entries * 10L), entries + i, 2 + i);
            }

            upsert.Add(sw.Elapsed.TotalNanoseconds / Ops);
            if (sink == 42)
            {
                Console.WriteLine(); // keeps the loops from being optimised away
            }
        }

        foreach (var s in new[] { build, bulk, rank, rawRank, around, top, upsert })
        {
            s.Print();
        }
    }
}
