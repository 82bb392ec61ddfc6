using System.Globalization;
using System.Net;
using Asobi.Node.Economy;
using Asobi.Node.Tournaments;
using Npgsql;

namespace Asobi.IntegrationTests.Economy;

public sealed class TournamentTests
{
    private static string Iso(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    private static Dictionary<string, string?> Cup(string id, DateTimeOffset start, DateTimeOffset end, int maxEntries = 0, long fee = 0) => new()
    {
        [$"Asobi:Tournaments:Tournaments:{id}:Start"] = Iso(start),
        [$"Asobi:Tournaments:Tournaments:{id}:End"] = Iso(end),
        [$"Asobi:Tournaments:Tournaments:{id}:MaxEntries"] = maxEntries.ToString(CultureInfo.InvariantCulture),
        [$"Asobi:Tournaments:Tournaments:{id}:EntryFeeCurrency"] = "gold",
        [$"Asobi:Tournaments:Tournaments:{id}:EntryFee"] = fee.ToString(CultureInfo.InvariantCulture),
        [$"Asobi:Tournaments:Tournaments:{id}:Rewards:0:FromRank"] = "1",
        [$"Asobi:Tournaments:Tournaments:{id}:Rewards:0:Currency"] = "gold",
        [$"Asobi:Tournaments:Tournaments:{id}:Rewards:0:Amount"] = "100",
        [$"Asobi:Tournaments:Tournaments:{id}:Rewards:1:FromRank"] = "2",
        [$"Asobi:Tournaments:Tournaments:{id}:Rewards:1:ToRank"] = "3",
        [$"Asobi:Tournaments:Tournaments:{id}:Rewards:1:Currency"] = "gold",
        [$"Asobi:Tournaments:Tournaments:{id}:Rewards:1:Amount"] = "10",
    };

    private static Dictionary<string, string?> Merge(params Dictionary<string, string?>[] parts) =>
        parts.SelectMany(p => p).ToDictionary(kv => kv.Key, kv => kv.Value);

    [Fact]
    public async Task Joining_charges_the_entry_fee_once_and_enforces_the_rules()
    {
        var now = DateTimeOffset.UtcNow;
        var server = await TestPostgres.SharedAsync();
        await using var node = await NodeHost.StartAsync(await server.CreateDatabaseAsync("tj"), Merge(
            Cup("open", now.AddHours(-1), now.AddHours(1), maxEntries: 3, fee: 30),
            Cup("later", now.AddHours(1), now.AddHours(2)),
            Cup("past", now.AddHours(-2), now.AddHours(-1))));
        var economy = node.Service<EconomyService>();
        var api = node.Api;

        var rich = await api.RegisterAsync();
        var poor = await api.RegisterAsync();
        await economy.GrantAsync(rich.Id, "gold", 100, "test", null, null, default);
        await economy.GrantAsync(poor.Id, "gold", 10, "test", null, null, default);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("tournaments/open/join", new { }, rich.AccessToken)).Status);
        var again = await api.SendAsync(HttpMethod.Post, "tournaments/open/join", rich.AccessToken);
        Assert.Equal("tournament.already_joined", again.Body.ErrorCode());
        var broke = await api.SendAsync(HttpMethod.Post, "tournaments/open/join", poor.AccessToken);
        Assert.Equal(HttpStatusCode.PaymentRequired, broke.Status);
        Assert.Equal("economy.insufficient_funds", broke.Body.ErrorCode());

        var (_, wallets, _) = await api.SendAsync(HttpMethod.Get, "wallets", rich.AccessToken);
        Assert.Equal(70, wallets.GetProperty("wallets")[0].GetProperty("balance").GetInt64());
        var (_, detail, _) = await api.SendAsync(HttpMethod.Get, "tournaments/open", poor.AccessToken);
        Assert.Equal(1, detail.GetProperty("entries").GetInt32());
        Assert.False(detail.GetProperty("joined").GetBoolean());
        Assert.Equal("active", detail.GetProperty("tournament").GetProperty("status").GetString());

        Assert.Equal("tournament.not_started", (await api.SendAsync(HttpMethod.Post, "tournaments/later/join", rich.AccessToken)).Body.ErrorCode());
        Assert.Equal("tournament.over", (await api.SendAsync(HttpMethod.Post, "tournaments/past/join", rich.AccessToken)).Body.ErrorCode());
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Post, "tournaments/nope/join", rich.AccessToken)).Status);
        var (_, list, _) = await api.SendAsync(HttpMethod.Get, "tournaments", rich.AccessToken);
        string[] ids = ["later", "open", "past"];
        Assert.Equal(["upcoming", "active", "finished"], ids.Select(id =>
            list.GetProperty("tournaments").EnumerateArray().Single(t => t.GetProperty("tournament_id").GetString() == id)
                .GetProperty("status").GetString()));

        // Concurrent joins never pass the maximum, and only those who got in paid.
        var crowd = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.RegisterAsync()));
        foreach (var p in crowd)
        {
            await economy.GrantAsync(p.Id, "gold", 30, "test", null, null, default);
        }

        var joins = await Task.WhenAll(crowd.Select(p => api.SendAsync(HttpMethod.Post, "tournaments/open/join", p.AccessToken)));
        Assert.Equal(2, joins.Count(j => j.Status == HttpStatusCode.OK));
        Assert.All(joins.Where(j => j.Status != HttpStatusCode.OK), j => Assert.Equal("tournament.full", j.Body.ErrorCode()));
        var balances = await Task.WhenAll(crowd.Select(p => economy.WalletsAsync(p.Id, default)));
        Assert.Equal(2, balances.Count(b => b[0].Balance == 0));
        Assert.Equal(6, balances.Count(b => b[0].Balance == 30));
    }

    [Fact]
    public async Task Scores_count_only_for_entered_players_during_the_run()
    {
        var now = DateTimeOffset.UtcNow;
        var server = await TestPostgres.SharedAsync();
        await using var node = await NodeHost.StartAsync(await server.CreateDatabaseAsync("ts"), Cup("cup", now.AddHours(-1), now.AddHours(1)));
        var service = node.Service<TournamentService>();
        var inPlayer = await node.Api.RegisterAsync();
        var outPlayer = await node.Api.RegisterAsync();
        await node.Api.PostAsync("tournaments/cup/join", new { }, inPlayer.AccessToken);

        Assert.NotNull(await service.SubmitAsync("cup", inPlayer.Id, 50, default));
        Assert.Null(await service.SubmitAsync("cup", outPlayer.Id, 99, default));
        var (_, detail, _) = await node.Api.SendAsync(HttpMethod.Get, "tournaments/cup", inPlayer.AccessToken);
        var standings = detail.GetProperty("standings");
        Assert.Equal(1, standings.GetArrayLength());
        Assert.Equal(inPlayer.Id, standings[0].GetProperty("player_id").GetGuid());
        Assert.True(detail.GetProperty("joined").GetBoolean());
    }

    [Fact]
    public async Task A_tournament_score_on_one_node_shows_in_another_nodes_standings()
    {
        // An end with sub-millisecond ticks: nodes must agree on the run exactly.
        var now = DateTimeOffset.UtcNow;
        var server = await TestPostgres.SharedAsync();
        var db = await server.CreateDatabaseAsync("tx");
        var cup = Cup("cup", now.AddHours(-1).AddTicks(7), now.AddHours(1).AddTicks(3));
        cup["Asobi:Leaderboards:CatchUpInterval"] = "00:00:00"; // only the bus event may bring it
        await using var a = await NodeHost.StartAsync(db, cup);
        await using var b = await NodeHost.StartAsync(db, cup);
        var p = await a.Api.RegisterAsync();
        await a.Api.PostAsync("tournaments/cup/join", new { }, p.AccessToken);
        Assert.NotNull(await a.Service<TournamentService>().SubmitAsync("cup", p.Id, 42, default));

        await Eventually.TrueAsync(async () =>
        {
            var (_, detail, _) = await b.Api.SendAsync(HttpMethod.Get, "tournaments/cup", p.AccessToken);
            return detail.GetProperty("standings").GetArrayLength() == 1;
        }, TimeSpan.FromSeconds(5), "node B never showed the score");
    }

    [Fact]
    public async Task Rewards_are_paid_exactly_once_even_when_a_node_died_halfway_through_paying()
    {
        var now = DateTimeOffset.UtcNow;
        var start = now.AddHours(-2);
        var end = new DateTimeOffset(now.AddHours(-1).UtcTicks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var server = await TestPostgres.SharedAsync();
        var db = await server.CreateDatabaseAsync("tp");
        var cup = Cup("cup", start, end);

        // A node without the tournament registers players; their scores of the finished run are in the table.
        var players = new List<Player>();
        await using (var setup = await NodeHost.StartAsync(db))
        {
            for (var i = 0; i < 4; i++)
            {
                players.Add(await setup.Api.RegisterAsync());
            }

            await using var conn = new NpgsqlConnection(db);
            await conn.OpenAsync();
            for (var i = 0; i < players.Count; i++)
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO leaderboard_records VALUES ('tournament:cup', $1, $2, $3, now(), 1)", conn);
                insert.Parameters.Add(new() { Value = end });
                insert.Parameters.Add(new() { Value = players[i].Id });
                insert.Parameters.Add(new() { Value = 100L - i });
                await insert.ExecuteNonQueryAsync();
            }

            // The node that died: it froze the winners and paid rank 1, then stopped before anything else.
            var definition = new TournamentDefinition("cup", new TournamentConfig
            {
                Start = start,
                End = end,
                Rewards = { new RewardConfig { FromRank = 1, Currency = "gold", Amount = 100 }, new RewardConfig { FromRank = 2, ToRank = 3, Currency = "gold", Amount = 10 } },
            });
            await using var source = NpgsqlDataSource.Create(db);
            var winners = await new TournamentStore(source).ClaimAsync(definition, end, default);
            Assert.Equal(3, winners!.Count);
            var reference = $"cup@{end.ToUnixTimeMilliseconds()}";
            await setup.Service<EconomyService>().GrantAsync(players[0].Id, "gold", 100, "tournament_reward", reference, $"tournament:{reference}:1:gold", default);
        }

        // Two nodes with the tournament start (a restart, and a second node at the same moment).
        await using var a = await NodeHost.StartAsync(db, cup);
        await using var b = await NodeHost.StartAsync(db, cup);
        await Task.WhenAll(a.Service<TournamentPayoutWorker>().PayFinishedAsync(default), b.Service<TournamentPayoutWorker>().PayFinishedAsync(default));

        await using var check = new NpgsqlConnection(db);
        await check.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT p.id, coalesce(w.balance, 0), (SELECT count(*) FROM transactions t WHERE t.player_id = p.id AND t.reason = 'tournament_reward'),
                   (SELECT paid_at IS NOT NULL FROM tournament_payouts WHERE tournament_id = 'cup')
            FROM players p LEFT JOIN wallets w ON w.player_id = p.id AND w.currency = 'gold'
            """, check);
        var rows = new Dictionary<Guid, (long Balance, long Rewards, bool Paid)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows[reader.GetGuid(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetBoolean(3));
            }
        }

        Assert.Equal((100L, 1L, true), rows[players[0].Id]);
        Assert.Equal((10L, 1L, true), rows[players[1].Id]);
        Assert.Equal((10L, 1L, true), rows[players[2].Id]);
        Assert.Equal((0L, 0L, true), rows[players[3].Id]);
        Assert.Equal(0, await a.Service<TournamentPayoutWorker>().PayFinishedAsync(default));
    }
}
