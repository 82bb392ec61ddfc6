using System.Net;
using Asobi.Node.Economy;
using Npgsql;

namespace Asobi.IntegrationTests.Economy;

public sealed class EconomyNodeFixture : IAsyncLifetime
{
    public NodeHost Node { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var server = await TestPostgres.SharedAsync();
        ConnectionString = await server.CreateDatabaseAsync("eco");
        Node = await NodeHost.StartAsync(ConnectionString, new Dictionary<string, string?>
        {
            ["Asobi:Economy:Listings:sword:ItemId"] = "sword",
            ["Asobi:Economy:Listings:sword:Currency"] = "gold",
            ["Asobi:Economy:Listings:sword:Price"] = "100",
            ["Asobi:Economy:Listings:potions:ItemId"] = "potion",
            ["Asobi:Economy:Listings:potions:Quantity"] = "5",
            ["Asobi:Economy:Listings:potions:Currency"] = "gold",
            ["Asobi:Economy:Listings:potions:Price"] = "10",
            ["Asobi:Economy:Listings:future:ItemId"] = "hat",
            ["Asobi:Economy:Listings:future:Currency"] = "gold",
            ["Asobi:Economy:Listings:future:Price"] = "1",
            ["Asobi:Economy:Listings:future:ValidFrom"] = "2100-01-01T00:00:00Z",
            ["Asobi:Economy:Listings:expired:ItemId"] = "hat",
            ["Asobi:Economy:Listings:expired:Currency"] = "gold",
            ["Asobi:Economy:Listings:expired:Price"] = "1",
            ["Asobi:Economy:Listings:expired:ValidUntil"] = "2001-01-01T00:00:00Z",
        });
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

public sealed class EconomyApiTests(EconomyNodeFixture fixture) : IClassFixture<EconomyNodeFixture>
{
    private AsobiApiClient Api => fixture.Node.Api;

    private EconomyService Economy => fixture.Node.Service<EconomyService>();

    [Fact]
    public async Task Hundred_parallel_purchases_against_a_balance_for_ten_succeed_exactly_ten_times()
    {
        var p = await Api.RegisterAsync();
        await Economy.GrantAsync(p.Id, "gold", 1000, "test", null, null, default);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
            Api.SendAsync(HttpMethod.Post, "store/purchase", p.AccessToken, new { listing_id = "sword" })));

        Assert.Equal(10, results.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Equal(90, results.Count(r => r.Status == HttpStatusCode.PaymentRequired));
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal("economy.insufficient_funds", r.Body.ErrorCode()));
        var (balance, ledgerSum, rows) = await LedgerAsync(p.Id, "gold");
        Assert.Equal(0, balance);
        Assert.Equal(balance, ledgerSum);
        Assert.Equal(11, rows);
        var (_, inventory, _) = await Api.SendAsync(HttpMethod.Get, "inventory", p.AccessToken);
        Assert.Equal(10, inventory.GetProperty("items")[0].GetProperty("quantity").GetInt64());
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_twenty_times_at_once_charges_once()
    {
        var p = await Api.RegisterAsync();
        await Economy.GrantAsync(p.Id, "gold", 1000, "test", null, null, default);
        var key = new Dictionary<string, string> { [IdempotencyKey.Header] = Guid.NewGuid().ToString() };

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Api.SendAsync(HttpMethod.Post, "store/purchase", p.AccessToken, new { listing_id = "sword" }, key)));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.All(results, r => Assert.Equal(900, r.Body.GetProperty("balance").GetInt64()));
        Assert.Equal(19, results.Count(r => r.Headers.Contains(IdempotencyKey.ReplayedHeader)));
        var (balance, ledgerSum, rows) = await LedgerAsync(p.Id, "gold");
        Assert.Equal(900, balance);
        Assert.Equal(balance, ledgerSum);
        Assert.Equal(2, rows);
    }

    [Fact]
    public async Task A_retry_after_the_money_ran_out_still_replays_the_first_result()
    {
        var p = await Api.RegisterAsync();
        await Economy.GrantAsync(p.Id, "gold", 100, "test", null, null, default);
        var key = new Dictionary<string, string> { [IdempotencyKey.Header] = "retry-1" };
        var first = await Api.SendAsync(HttpMethod.Post, "store/purchase", p.AccessToken, new { listing_id = "sword" }, key);
        var retry = await Api.SendAsync(HttpMethod.Post, "store/purchase", p.AccessToken, new { listing_id = "sword" }, key);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(0, retry.Body.GetProperty("balance").GetInt64());

        var other = await Api.SendAsync(HttpMethod.Post, "store/purchase", p.AccessToken, new { listing_id = "potions" }, key);
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        Assert.Equal("economy.idempotency_key_reused", other.Body.ErrorCode());
    }

    [Fact]
    public async Task Listings_outside_their_window_are_hidden_and_cannot_be_bought()
    {
        var p = await Api.RegisterAsync();
        await Economy.GrantAsync(p.Id, "gold", 100, "test", null, null, default);
        var (_, store, _) = await Api.SendAsync(HttpMethod.Get, "store", p.AccessToken);
        var ids = store.GetProperty("listings").EnumerateArray().Select(l => l.GetProperty("listing_id").GetString()).ToList();
        Assert.Equal(["potions", "sword"], ids);

        foreach (var id in new[] { "future", "expired" })
        {
            var r = await Api.SendAsync(HttpMethod.Post, "store/purchase", p.AccessToken, new { listing_id = id });
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Equal("economy.listing_not_available", r.Body.ErrorCode());
        }

        var missing = await Api.SendAsync(HttpMethod.Post, "store/purchase", p.AccessToken, new { listing_id = "nope" });
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("economy.listing_not_found", missing.Body.ErrorCode());
        var (balance, _, _) = await LedgerAsync(p.Id, "gold");
        Assert.Equal(100, balance);
    }

    [Fact]
    public async Task Consume_checks_the_quantity_and_stacks_are_counted()
    {
        var p = await Api.RegisterAsync();
        await Economy.GrantAsync(p.Id, "gold", 20, "test", null, null, default);
        await Api.SendAsync(HttpMethod.Post, "store/purchase", p.AccessToken, new { listing_id = "potions" });
        await Api.SendAsync(HttpMethod.Post, "store/purchase", p.AccessToken, new { listing_id = "potions" });

        var used = await Api.SendAsync(HttpMethod.Post, "inventory/consume", p.AccessToken, new { item_id = "potion", quantity = 7 });
        Assert.Equal(HttpStatusCode.OK, used.Status);
        Assert.Equal(3, used.Body.GetProperty("quantity").GetInt64());

        var tooMany = await Api.SendAsync(HttpMethod.Post, "inventory/consume", p.AccessToken, new { item_id = "potion", quantity = 4 });
        Assert.Equal(HttpStatusCode.Conflict, tooMany.Status);
        Assert.Equal("economy.insufficient_items", tooMany.Body.ErrorCode());
        var none = await Api.SendAsync(HttpMethod.Post, "inventory/consume", p.AccessToken, new { item_id = "sword", quantity = 1 });
        Assert.Equal(HttpStatusCode.Conflict, none.Status);
        var zero = await Api.SendAsync(HttpMethod.Post, "inventory/consume", p.AccessToken, new { item_id = "potion", quantity = 0 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, zero.Status);

        var key = new Dictionary<string, string> { [IdempotencyKey.Header] = "use-1" };
        await Api.SendAsync(HttpMethod.Post, "inventory/consume", p.AccessToken, new { item_id = "potion", quantity = 1 }, key);
        var again = await Api.SendAsync(HttpMethod.Post, "inventory/consume", p.AccessToken, new { item_id = "potion", quantity = 1 }, key);
        Assert.Equal(2, again.Body.GetProperty("quantity").GetInt64());
    }

    [Fact]
    public async Task Wallets_and_history_show_every_change_with_the_balance_it_left()
    {
        var p = await Api.RegisterAsync();
        await Economy.GrantAsync(p.Id, "gold", 50, "quest", "q1", null, default);
        await Economy.GrantAsync(p.Id, "gems", 3, "quest", "q1", null, default);
        await Api.SendAsync(HttpMethod.Post, "store/purchase", p.AccessToken, new { listing_id = "potions" });
        Assert.Equal(MutationStatus.Insufficient, (await Economy.DebitAsync(p.Id, "gems", 4, "fee", null, null, default)).Status);

        var (_, wallets, _) = await Api.SendAsync(HttpMethod.Get, "wallets", p.AccessToken);
        Assert.Equal(["gems:3", "gold:40"], wallets.GetProperty("wallets").EnumerateArray()
            .Select(w => $"{w.GetProperty("currency").GetString()}:{w.GetProperty("balance").GetInt64()}"));

        var (_, page1, _) = await Api.SendAsync(HttpMethod.Get, "wallets/gold/history?limit=1", p.AccessToken);
        var newest = page1.GetProperty("transactions")[0];
        Assert.Equal(-10, newest.GetProperty("amount").GetInt64());
        Assert.Equal(40, newest.GetProperty("balance_after").GetInt64());
        var before = Uri.EscapeDataString(page1.GetProperty("next_before").GetString()!);
        var beforeId = page1.GetProperty("next_before_id").GetGuid();
        var (_, page2, _) = await Api.SendAsync(HttpMethod.Get, $"wallets/gold/history?limit=1&before={before}&before_id={beforeId}", p.AccessToken);
        Assert.Equal(50, page2.GetProperty("transactions")[0].GetProperty("balance_after").GetInt64());
        Assert.Equal("quest", page2.GetProperty("transactions")[0].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Api.SendAsync(HttpMethod.Get, "wallets/gold/history?limit=0", p.AccessToken)).Status);
    }

    [Fact]
    public async Task History_pages_never_skip_rows_that_share_a_timestamp()
    {
        var p = await Api.RegisterAsync();
        await Economy.GrantAsync(p.Id, "gold", 1, "test", null, null, default);
        await using (var conn = new NpgsqlConnection(fixture.ConnectionString))
        {
            await conn.OpenAsync();
            // Three rows at one instant (as rows written in one transaction would be).
            await using var insert = new NpgsqlCommand("""
                INSERT INTO transactions (player_id, currency, amount, balance_after, reason, created_at)
                SELECT $1, 'gold', 0, 1, 'same-instant', '2026-01-01Z' FROM generate_series(1, 3)
                """, conn);
            insert.Parameters.Add(new() { Value = p.Id });
            await insert.ExecuteNonQueryAsync();
        }

        var seen = new List<Guid>();
        var query = "wallets/gold/history?limit=1";
        while (true)
        {
            var (_, page, _) = await Api.SendAsync(HttpMethod.Get, query, p.AccessToken);
            seen.AddRange(page.GetProperty("transactions").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
            if (page.GetProperty("next_before").ValueKind == System.Text.Json.JsonValueKind.Null)
            {
                break;
            }

            query = $"wallets/gold/history?limit=1&before={Uri.EscapeDataString(page.GetProperty("next_before").GetString()!)}"
                + $"&before_id={page.GetProperty("next_before_id").GetGuid()}";
        }

        Assert.Equal(4, seen.Distinct().Count());
    }

    [Fact]
    public async Task Grants_are_idempotent_and_overflow_is_refused()
    {
        var p = await Api.RegisterAsync();
        var first = await Economy.GrantAsync(p.Id, "gold", 5, "reward", "t1", "reward:t1", default);
        var again = await Economy.GrantAsync(p.Id, "gold", 5, "reward", "t1", "reward:t1", default);
        Assert.Equal(MutationStatus.Applied, first.Status);
        Assert.Equal(MutationStatus.Replayed, again.Status);
        Assert.Equal(5, again.Receipt!.Balance);
        Assert.Equal(MutationStatus.OutOfRange, (await Economy.GrantAsync(p.Id, "gold", long.MaxValue, "x", null, null, default)).Status);
        var (balance, sum, _) = await LedgerAsync(p.Id, "gold");
        Assert.Equal(5, balance);
        Assert.Equal(5, sum);
    }

    [Fact]
    public async Task Ledger_rows_land_in_this_months_partition_and_bad_keys_are_rejected()
    {
        var p = await Api.RegisterAsync();
        await Economy.GrantAsync(p.Id, "gold", 5, "reward", null, null, default);
        await using var conn = new NpgsqlConnection(fixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT tableoid::regclass::text FROM transactions WHERE player_id = $1", conn);
        cmd.Parameters.Add(new() { Value = p.Id });
        Assert.Equal($"transactions_y{DateTime.UtcNow:yyyy}m{DateTime.UtcNow:MM}", (string?)await cmd.ExecuteScalarAsync());

        var longKey = new Dictionary<string, string> { [IdempotencyKey.Header] = new string('k', 200) };
        var r = await Api.SendAsync(HttpMethod.Post, "store/purchase", p.AccessToken, new { listing_id = "sword" }, longKey);
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("economy.invalid_idempotency_key", r.Body.ErrorCode());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.SendAsync(HttpMethod.Get, "wallets", null)).Status);
    }

    private async Task<(long Balance, long LedgerSum, long Rows)> LedgerAsync(Guid player, string currency)
    {
        await using var conn = new NpgsqlConnection(fixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT coalesce((SELECT balance FROM wallets WHERE player_id = $1 AND currency = $2), 0),
                   coalesce((SELECT sum(amount) FROM transactions WHERE player_id = $1 AND currency = $2), 0)::bigint,
                   (SELECT count(*) FROM transactions WHERE player_id = $1 AND currency = $2)
            """, conn);
        cmd.Parameters.Add(new() { Value = player });
        cmd.Parameters.Add(new() { Value = currency });
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}

public sealed class IdempotencyRetentionTests(EconomyNodeFixture fixture) : IClassFixture<EconomyNodeFixture>
{
    [Fact]
    public async Task Keys_past_their_retention_are_forgotten_and_recent_ones_kept()
    {
        var p = await fixture.Node.Api.RegisterAsync();
        var economy = fixture.Node.Service<EconomyService>();
        await economy.GrantAsync(p.Id, "gold", 1, "test", null, "old-key", default);
        await economy.GrantAsync(p.Id, "gold", 1, "test", null, "new-key", default);
        await using (var conn = new NpgsqlConnection(fixture.ConnectionString))
        {
            await conn.OpenAsync();
            await using var age = new NpgsqlCommand("UPDATE economy_idempotency SET created_at = now() - interval '8 days' WHERE key = 'old-key'", conn);
            await age.ExecuteNonQueryAsync();
        }

        await fixture.Node.Service<LedgerPartitionWorker>().EnsureAsync(default);
        Assert.Equal(MutationStatus.Applied, (await economy.GrantAsync(p.Id, "gold", 1, "test", null, "old-key", default)).Status);
        Assert.Equal(MutationStatus.Replayed, (await economy.GrantAsync(p.Id, "gold", 1, "test", null, "new-key", default)).Status);
    }
}
