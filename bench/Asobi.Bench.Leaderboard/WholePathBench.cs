using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Asobi.Data;
using Asobi.Node.Leaderboards;
using Asobi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Asobi.Bench.Leaderboard;

/// <summary>
/// The whole path with three nodes in this process on one PostgreSQL: REST submit on node A → upsert → bus →
/// every node's cache. Reports node start (cache build) time, submit throughput until every cache agrees, and the
/// cross-node staleness (request sent → visible in node B's and C's caches).
/// </summary>
internal static class WholePathBench
{
    private const string Board = "bench";
    private const int Submitters = 16;

    public static async Task RunAsync(int entries, int trials)
    {
        var pg = await TestPostgres.StartNewAsync();
        var nodes = new List<NodeHost>();
        try
        {
            var db = await pg.CreateDatabaseAsync("lbpath");
            await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(db, Migration.Embedded(), default);
            await using (var source = NpgsqlDataSource.Create(db))
            {
                await BuildBench.FillAsync(source, entries, Board);
            }

            var settings = new Dictionary<string, string?>
            {
                [$"Asobi:Leaderboards:Boards:{Board}:Operator"] = "latest",
                [$"Asobi:Leaderboards:Boards:{Board}:ClientSubmit"] = "true",
            };
            var start = new Stats("node start incl. cache build (1 board)", "ms");
            for (var i = 0; i < 3; i++)
            {
                var sw = Stopwatch.StartNew();
                nodes.Add(await NodeHost.StartAsync(db, new Dictionary<string, string?>(settings) { ["Asobi:Node:Id"] = $"bench-{i}" }));
                start.Add(sw.Elapsed.TotalMilliseconds);
            }

            var caches = nodes.Select(n => n.Service<LeaderboardCaches>().Find(Board)!).ToArray();
            Console.WriteLine($"caches hold {caches[0].Count:N0} / {caches[1].Count:N0} / {caches[2].Count:N0} entries");
            var players = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => nodes[0].Api.RegisterAsync()));

            var throughput = new Stats($"submits/s, {Submitters} clients, until all 3 caches agree", "/s");
            var stalenessP50 = new Stats("staleness p50 (sent → visible on B and C)", "ms");
            var stalenessP99 = new Stats("staleness p99 (sent → visible on B and C)", "ms");
            var crossP50 = new Stats("cross-node p50 (A answered → visible on B, C)", "ms");
            var crossP99 = new Stats("cross-node p99 (A answered → visible on B, C)", "ms");
            var score = 10_000_000L;
            for (var trial = 0; trial < trials; trial++)
            {
                // Throughput: a fixed number of submits, clock stopped when the last one is visible everywhere.
                const int count = 3000;
                var next = -1;
                var sw = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, Submitters).Select(async _ =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < count)
                    {
                        var p = players[i % players.Length];
                        var s = Interlocked.Increment(ref score);
                        await SubmitAsync(nodes[i % 3], p, s);
                    }
                }));
                var finals = players.ToDictionary(p => p.Id, p => caches[0].TryGet(p.Id, out var e) ? e.Version : 0);
                while (!caches.All(c => players.All(p => c.TryGet(p.Id, out var e) && e.Version >= finals[p.Id])))
                {
                    await Task.Delay(1);
                }

                throughput.Add(count / sw.Elapsed.TotalSeconds);

                // Staleness: submits on node A at a moderate concurrency, watched on B and C.
                var pending = new ConcurrentDictionary<Guid, (long Score, long SentAt)>();
                var samples = new ConcurrentBag<double>();
                var seen = new ConcurrentDictionary<long, long>();
                var answered = new ConcurrentDictionary<long, long>();
                using var stop = new CancellationTokenSource();
                var watcher = Task.Run(() =>
                {
                    while (!stop.IsCancellationRequested || !pending.IsEmpty)
                    {
                        foreach (var (player, (s, sentAt)) in pending)
                        {
                            if (caches[1].TryGet(player, out var b) && b.Score == s && caches[2].TryGet(player, out var c) && c.Score == s)
                            {
                                samples.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
                                seen[s] = Stopwatch.GetTimestamp();
                                pending.TryRemove(player, out _);
                            }
                        }

                        Thread.Sleep(0);
                    }
                });
                var ids = -1;
                await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref ids)) < 800)
                    {
                        var p = players[i % players.Length];
                        while (pending.ContainsKey(p.Id))
                        {
                            await Task.Delay(1);
                        }

                        var s = Interlocked.Increment(ref score);
                        pending[p.Id] = (s, Stopwatch.GetTimestamp());
                        await SubmitAsync(nodes[0], p, s);
                        answered[s] = Stopwatch.GetTimestamp();
                    }
                }));
                await stop.CancelAsync();
                await watcher;
                var sorted = samples.Order().ToList();
                stalenessP50.Add(sorted[sorted.Count / 2]);
                stalenessP99.Add(sorted[(int)(sorted.Count * 0.99)]);

                // Seen on B and C before A's HTTP answer arrived counts as 0.
                var cross = answered.Select(kv => seen.TryGetValue(kv.Key, out var at) && at > kv.Value
                    ? Stopwatch.GetElapsedTime(kv.Value, at).TotalMilliseconds : 0).Order().ToList();
                crossP50.Add(cross[cross.Count / 2]);
                crossP99.Add(cross[(int)(cross.Count * 0.99)]);
            }

            start.Print();
            throughput.Print();
            stalenessP50.Print();
            stalenessP99.Print();
            crossP50.Print();
            crossP99.Print();
        }
        finally
        {
            foreach (var n in nodes)
            {
                await n.DisposeAsync();
            }

            await pg.DisposeAsync();
        }
    }

    private static async Task SubmitAsync(NodeHost node, Player p, long score)
    {
        var (status, body) = await node.Api.PostAsync($"leaderboards/{Board}", new { score }, p.AccessToken);
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"submit failed: {(int)status} {body}");
        }
    }
}
