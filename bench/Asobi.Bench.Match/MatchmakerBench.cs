using System.Diagnostics;
using System.Diagnostics.Metrics;
using Asobi.Cluster;
using Asobi.Data;
using Asobi.Matchmaker;
using Asobi.Matchmaking;
using Asobi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asobi.Bench.Match;

/// <summary>One leader tick over N queued tickets: expire, read, form (fill or skill), claim and record, publish.</summary>
internal static class MatchmakerBench
{
    private const string SeedPlayersSql = """
        INSERT INTO players (id, username, display_name) SELECT gen_random_uuid(), 'p' || g, 'p' || g FROM generate_series(1, $1) g
        """;
    private const string SeedTicketsSql = """
        INSERT INTO matchmaker_tickets (ticket_id, player_id, mode, properties, node_id, created_at)
        SELECT gen_random_uuid(), id, $1, jsonb_build_object('skill', (random() * 2000)::int, 'region', 'eu'),
               CASE WHEN random() < 0.5 THEN 'node-a' ELSE 'node-b' END, now() - random() * interval '30 seconds'
        FROM players
        """;
    private const string SeedNodesSql = """
        INSERT INTO cluster_nodes (node_id, url, started_at, last_seen) VALUES
            ('node-a', 'ws://a/ws', now(), now() + interval '1 hour'), ('node-b', 'ws://b/ws', now(), now() + interval '1 hour');
        """;

    public static async Task RunAsync(TestPostgres pg, int tickets, int trials)
    {
        Console.WriteLine($"Matchmaker: one leader tick over {tickets} queued tickets (2-player matches), {trials} trials per strategy, interleaved");
        var results = new Dictionary<string, List<(double Ms, int Matches)>> { ["fill"] = [], ["skill"] = [] };
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        for (var trial = 0; trial < trials; trial++)
        {
            foreach (var strategy in results.Keys)
            {
                var cs = await pg.CreateDatabaseAsync("mmbench");
                await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(cs, Migration.Embedded(), default);
                var mode = strategy == "fill" ? "demo" : "ranked";
                await using (var conn = new NpgsqlConnection(cs))
                {
                    await conn.OpenAsync();
                    await using var seed = new NpgsqlBatch(conn)
                    {
                        BatchCommands =
                        {
                            new NpgsqlBatchCommand(SeedPlayersSql) { Parameters = { new() { Value = tickets } } },
                            new NpgsqlBatchCommand(SeedTicketsSql) { Parameters = { new() { Value = mode } } },
                            new NpgsqlBatchCommand(SeedNodesSql),
                        },
                    };
                    await seed.ExecuteNonQueryAsync();
                }

                var modes = new GameModesOptions();
                modes.Modes["ranked"] = new GameMode { Game = "demo", MatchSize = 2, Strategy = "skill" };
                await using var db = NpgsqlDataSource.Create(cs);
                var leader = new MatchmakerLeader(
                    new MatchmakerLeaderSettings("bench", "bench", Environment.ProcessId, MatchmakerLeaderSettings.Dedicated(cs)),
                    Options.Create(new MatchmakerOptions()), Options.Create(modes), Options.Create(new ClusterOptions()),
                    [new FillStrategy(), new SkillStrategy()], new NodeRegistryStore(db), new MatchmakerInstanceStore(db), new NullBus(),
                    new MatchmakerMetrics(meters), TimeProvider.System, NullLogger<MatchmakerLeader>.Instance);
                if (!await leader.TryLeadAsync(default))
                {
                    throw new InvalidOperationException("The benchmark instance could not lead.");
                }

                var clock = Stopwatch.StartNew();
                var formed = await leader.TickAsync(default);
                var ms = clock.Elapsed.TotalMilliseconds;
                results[strategy].Add((ms, formed));
                Console.WriteLine($"  trial {trial + 1} {strategy,-5}: {ms,8:F0} ms, {formed} matches, {formed * 2 / (ms / 1000),8:F0} tickets matched/s");
                await leader.StopAsync(default);
                leader.Dispose();
            }
        }

        foreach (var (strategy, runs) in results)
        {
            Console.WriteLine($"  {strategy,-5} tick ms median [range]: {Stats.Summary([.. runs.Select(r => r.Ms)], "F0")}; " +
                $"tickets matched/s: {Stats.Summary([.. runs.Select(r => r.Matches * 2 / (r.Ms / 1000))], "F0")}; matches per tick: {runs[0].Matches}");
        }
    }
}
