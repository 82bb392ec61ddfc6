using System.Diagnostics;
using Asobi.Bus;
using Asobi.Node.Leaderboards;
using Npgsql;

namespace Asobi.IntegrationTests.Leaderboards;

public sealed class LeaderboardCrossNodeTests
{
    [Fact]
    public async Task A_score_submitted_on_one_node_is_ranked_on_the_others_within_100_ms_at_the_median()
    {
        var server = await TestPostgres.SharedAsync();
        var db = await server.CreateDatabaseAsync("lbx");
        await using var a = await NodeHost.StartAsync(db, LeaderboardSettings.Boards());
        await using var b = await NodeHost.StartAsync(db, LeaderboardSettings.Boards());
        await using var c = await NodeHost.StartAsync(db, LeaderboardSettings.Boards());
        var onB = b.Service<LeaderboardCaches>().Find("latest")!;
        var onC = c.Service<LeaderboardCaches>().Find("latest")!;

        var staleness = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            var p = await a.Api.RegisterAsync();
            var sw = Stopwatch.StartNew();
            await a.Api.PostAsync("leaderboards/latest", new { score = 10_000 + i }, p.AccessToken);
            await Eventually.TrueAsync(
                () => Task.FromResult(onB.TryGet(p.Id, out var eb) && eb.Score == 10_000 + i && onC.TryGet(p.Id, out var ec) && ec.Score == 10_000 + i),
                TimeSpan.FromSeconds(5), "the score never reached nodes B and C");
            staleness.Add(sw.Elapsed.TotalMilliseconds);
        }

        staleness.Sort();
        Assert.True(staleness[staleness.Count / 2] < 100, $"median staleness {staleness[staleness.Count / 2]:F1} ms");
        Assert.Equal(onB.Range(1, 100).Select(e => e.PlayerId), onC.Range(1, 100).Select(e => e.PlayerId));
    }

    [Fact]
    public async Task A_node_starting_later_builds_its_cache_from_the_table()
    {
        var server = await TestPostgres.SharedAsync();
        var db = await server.CreateDatabaseAsync("lbs");
        await using var a = await NodeHost.StartAsync(db, LeaderboardSettings.Boards());
        var p = await a.Api.RegisterAsync();
        await a.Api.PostAsync("leaderboards/arena", new { score = 42 }, p.AccessToken);

        await using var late = await NodeHost.StartAsync(db, LeaderboardSettings.Boards());
        Assert.True(late.Service<LeaderboardCaches>().Find("arena")!.TryGet(p.Id, out var entry));
        Assert.Equal(42, entry.Score);
    }

    [Fact]
    public async Task A_scheduled_reset_happens_at_the_same_instant_on_every_node_and_keeps_the_finished_period()
    {
        var server = await TestPostgres.SharedAsync();
        var db = await server.CreateDatabaseAsync("lbt");
        var settings = LeaderboardSettings.Boards();
        settings["Asobi:Leaderboards:Boards:sprint:ResetSchedule"] = "*/2 * * * * *";
        settings["Asobi:Leaderboards:Boards:sprint:ClientSubmit"] = "true";
        await using var a = await NodeHost.StartAsync(db, settings);
        await using var b = await NodeHost.StartAsync(db, settings);
        await using var c = await NodeHost.StartAsync(db, settings);
        var caches = new[] { a, b, c }.Select(n => n.Service<LeaderboardCaches>().Find("sprint")!).ToArray();
        var p = await a.Api.RegisterAsync();

        // Wait for a fresh period on every node, then score early in it.
        var before = caches.Select(x => x.PeriodEnd).Max();
        await Eventually.TrueAsync(() => Task.FromResult(caches.All(x => x.PeriodEnd > before)), TimeSpan.FromSeconds(5));
        var (_, body) = await a.Api.PostAsync("leaderboards/sprint", new { score = 5 }, p.AccessToken);
        Assert.Equal(1, body.GetProperty("rank").GetInt64());
        var scoredPeriod = caches[0].PeriodEnd;
        await Eventually.TrueAsync(() => Task.FromResult(caches.All(x => x.Count == 1)), TimeSpan.FromSeconds(2));

        // The next reset: every node empties at once.
        await Eventually.TrueAsync(() => Task.FromResult(caches.All(x => x.PeriodEnd > scoredPeriod)), TimeSpan.FromSeconds(5));
        Assert.All(caches, x => Assert.Equal(0, x.Count));
        var resets = caches.Select(x => x.LastResetTimestamp).ToArray();
        var spread = Stopwatch.GetElapsedTime(resets.Min(), resets.Max());
        Assert.True(spread < TimeSpan.FromMilliseconds(100), $"resets {spread.TotalMilliseconds:F1} ms apart");

        var finished = await a.Service<LeaderboardStore>().LoadAsync(caches[0].Definition, scoredPeriod, default);
        Assert.Equal(5, finished.Range(1, 1)[0].Score);

        // The finished period is readable over REST from any node; the current one is not an archive.
        var (_, periods) = await c.Api.GetAsync("leaderboards/sprint/periods", p.AccessToken);
        var listed = periods.GetProperty("periods").EnumerateArray().Select(x => x.GetProperty("period_end").GetDateTimeOffset()).ToList();
        Assert.Contains(scoredPeriod, listed);
        var iso = Uri.EscapeDataString(scoredPeriod.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var (_, archived) = await b.Api.GetAsync($"leaderboards/sprint/periods/{iso}", p.AccessToken);
        Assert.Equal(p.Id, archived.GetProperty("entries")[0].GetProperty("player_id").GetGuid());
        Assert.Equal(1, archived.GetProperty("entries")[0].GetProperty("rank").GetInt64());
        var current = Uri.EscapeDataString(caches[0].PeriodEnd.AddSeconds(10).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var (status, error) = await b.Api.GetAsync($"leaderboards/sprint/periods/{current}", p.AccessToken);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, status);
        Assert.Equal("leaderboard.period_not_finished", error.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_change_whose_bus_event_was_lost_still_reaches_other_nodes_by_catching_up()
    {
        var server = await TestPostgres.SharedAsync();
        var db = await server.CreateDatabaseAsync("lbc");
        var settings = LeaderboardSettings.Boards();
        settings["Asobi:Leaderboards:CatchUpInterval"] = "00:00:00.200";
        await using var a = await NodeHost.StartAsync(db, settings);
        var p = await a.Api.RegisterAsync();

        // In the table, never on the bus, bus still connected.
        await using (var conn = new NpgsqlConnection(db))
        {
            await conn.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO leaderboard_records VALUES ('arena', '9999-12-31Z', $1, 555, now(), 1)", conn);
            insert.Parameters.Add(new() { Value = p.Id });
            await insert.ExecuteNonQueryAsync();
        }

        var cache = a.Service<LeaderboardCaches>().Find("arena")!;
        await Eventually.TrueAsync(() => Task.FromResult(cache.TryGet(p.Id, out var e) && e.Score == 555),
            TimeSpan.FromSeconds(5), "the node never caught up");
    }

    [Fact]
    public async Task After_a_bus_outage_a_node_resynchronises_from_the_table()
    {
        var server = await TestPostgres.SharedAsync();
        var db = await server.CreateDatabaseAsync("lbr");
        var settings = LeaderboardSettings.Boards();
        settings["Asobi:Leaderboards:CatchUpInterval"] = "00:00:00"; // only the resynchronisation may bring it
        await using var a = await NodeHost.StartAsync(db, settings);
        await using var b = await NodeHost.StartAsync(db, settings);
        var p = await a.Api.RegisterAsync();

        // A write whose event was lost: in the table, never on the bus.
        await using (var conn = new NpgsqlConnection(db))
        {
            await conn.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO leaderboard_records VALUES ('arena', '9999-12-31Z', $1, 777, now(), 1)", conn);
            insert.Parameters.Add(new() { Value = p.Id });
            await insert.ExecuteNonQueryAsync();
            await using var kill = new NpgsqlCommand(
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{PostgresClusterBus.ListenApplicationName}' AND datname = current_database()",
                conn);
            await kill.ExecuteNonQueryAsync();
        }

        var onB = b.Service<LeaderboardCaches>().Find("arena")!;
        await Eventually.TrueAsync(() => Task.FromResult(onB.TryGet(p.Id, out var e) && e.Score == 777),
            TimeSpan.FromSeconds(15), "node B never resynchronised");
    }
}
