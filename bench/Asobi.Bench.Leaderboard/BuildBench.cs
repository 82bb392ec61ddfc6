using System.Diagnostics;
using Asobi.Data;
using Asobi.Node.Leaderboards;
using Asobi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Bench.Leaderboard;

/// <summary>Cache build at node start: a private PostgreSQL with one board of <c>entries</c> rows, read into a fresh index.</summary>
internal static class BuildBench
{
    public static async Task RunAsync(int entries, int trials)
    {
        var pg = await TestPostgres.StartNewAsync();
        try
        {
            var db = await pg.CreateDatabaseAsync("lbbench");
            await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(db, Migration.Embedded(), default);
            await using var source = NpgsqlDataSource.Create(db);
            var sw = Stopwatch.StartNew();
            await FillAsync(source, entries, "bench");
            Console.WriteLine($"filled {entries:N0} rows in {sw.Elapsed.TotalSeconds:N1} s");

            var store = new LeaderboardStore(source);
            var board = new LeaderboardDefinition("bench", true, ScoreOperator.Best, false);
            var build = new Stats("cache build from PostgreSQL", "ms");
            for (var trial = 0; trial < trials; trial++)
            {
                sw.Restart();
                var index = await store.LoadAsync(board, LeaderboardDefinition.Forever, default);
                build.Add(sw.Elapsed.TotalMilliseconds);
                if (index.Count != entries)
                {
                    throw new InvalidOperationException($"loaded {index.Count}");
                }
            }

            build.Print();
        }
        finally
        {
            await pg.DisposeAsync();
        }
    }

    public static async Task FillAsync(NpgsqlDataSource source, int entries, string board)
    {
        var random = new Random(7);
        var ids = Enumerable.Range(0, entries).Select(_ => Guid.NewGuid()).ToArray();
        await using var conn = await source.OpenConnectionAsync();
        await using (var players = await conn.BeginBinaryImportAsync("COPY players (id, username, display_name) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var id in ids)
            {
                var name = id.ToString("N");
                await players.StartRowAsync();
                await players.WriteAsync(id, NpgsqlDbType.Uuid);
                await players.WriteAsync(name, NpgsqlDbType.Text);
                await players.WriteAsync(name, NpgsqlDbType.Text);
            }

            await players.CompleteAsync();
        }

        var now = DateTime.UtcNow;
        await using var records = await conn.BeginBinaryImportAsync(
            "COPY leaderboard_records (leaderboard_id, period_end, player_id, score, reached_at, version) FROM STDIN (FORMAT BINARY)");
        foreach (var id in ids)
        {
            await records.StartRowAsync();
            await records.WriteAsync(board, NpgsqlDbType.Text);
            await records.WriteAsync(LeaderboardDefinition.Forever, NpgsqlDbType.TimestampTz);
            await records.WriteAsync(id, NpgsqlDbType.Uuid);
            await records.WriteAsync(random.NextInt64(0, entries * 10L), NpgsqlDbType.Bigint);
            await records.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await records.WriteAsync(1L, NpgsqlDbType.Bigint);
        }

        await records.CompleteAsync();
    }
}
