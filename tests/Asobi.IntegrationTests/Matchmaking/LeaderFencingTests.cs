using Asobi.IntegrationTests.Support;
using Asobi.Matchmaker;
using Asobi.Matchmaking;
using Npgsql;

namespace Asobi.IntegrationTests.Matchmaking;

/// <summary>The leader's SQL on a real database: fencing by epoch and all-or-nothing claims.</summary>
public sealed class LeaderFencingTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private const long LockKey = 4242;

    private async Task<Guid[]> QueueAsync(int players, string mode = "demo")
    {
        var ids = new List<Guid>();
        for (var i = 0; i < players; i++)
        {
            var p = await fixture.Node.Api.RegisterAsync();
            var (_, body) = await fixture.Node.Api.PostAsync("matchmaker", new { mode }, p.AccessToken);
            ids.Add(body.GetProperty("ticket_id").GetGuid());
        }

        return [.. ids];
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(MatchmakerLeaderSettings.Dedicated(fixture.ConnectionString));
        await conn.OpenAsync();
        return conn;
    }

    private static MatchPlacement Placement(Guid[] tickets) => new(Guid.NewGuid(), "demo", "some-node", [[.. tickets]], 1);

    [Fact]
    public async Task Only_one_connection_gets_the_lock_and_each_new_leader_gets_a_higher_epoch()
    {
        await using var one = await OpenAsync();
        await using var two = await OpenAsync();

        var e1 = await LeaderStore.TryAcquireAsync(one, LockKey, "one", default);
        Assert.NotNull(e1);
        Assert.Null(await LeaderStore.TryAcquireAsync(two, LockKey, "two", default));
        await LeaderStore.ReleaseAsync(one, LockKey, default);
        var e2 = await LeaderStore.TryAcquireAsync(two, LockKey, "two", default);
        Assert.Equal(e1 + 1, e2);
        await LeaderStore.ReleaseAsync(two, LockKey, default);
    }

    [Fact]
    public async Task A_deposed_leader_with_a_stale_epoch_cannot_claim_tickets()
    {
        var tickets = await QueueAsync(2);
        await using var old = await OpenAsync();
        await using var current = await OpenAsync();
        var stale = (await LeaderStore.TryAcquireAsync(old, LockKey, "old", default))!.Value;
        await LeaderStore.ReleaseAsync(old, LockKey, default);
        var fresh = (await LeaderStore.TryAcquireAsync(current, LockKey, "current", default))!.Value;

        var byOld = await LeaderStore.ClaimAsync(old, stale, [(Placement(tickets), tickets, 2)], default);
        var placement = Placement(tickets);
        var byCurrent = await LeaderStore.ClaimAsync(current, fresh, [(placement, tickets, 2)], default);

        Assert.Empty(byOld);
        Assert.Equal([placement.MatchId], byCurrent);
        await LeaderStore.ReleaseAsync(current, LockKey, default);
    }

    [Fact]
    public async Task A_match_whose_ticket_was_withdrawn_is_skipped_whole_and_the_other_ticket_stays_queued()
    {
        var p1 = await fixture.Node.Api.RegisterAsync();
        var p2 = await fixture.Node.Api.RegisterAsync();
        var t1 = (await fixture.Node.Api.PostAsync("matchmaker", new { mode = "tictactoe" }, p1.AccessToken)).Body.GetProperty("ticket_id").GetGuid();
        var t2 = (await fixture.Node.Api.PostAsync("matchmaker", new { mode = "tictactoe" }, p2.AccessToken)).Body.GetProperty("ticket_id").GetGuid();
        var removed = await fixture.Node.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/matchmaker/{t2}")
        {
            Headers = { Authorization = new("Bearer", p2.AccessToken) },
        });
        Assert.True(removed.IsSuccessStatusCode);

        await using var conn = await OpenAsync();
        var epoch = (await LeaderStore.TryAcquireAsync(conn, LockKey, "x", default))!.Value;
        var recorded = await LeaderStore.ClaimAsync(conn, epoch, [(Placement([t1, t2]), [t1, t2], 2)], default);
        await LeaderStore.ReleaseAsync(conn, LockKey, default);

        Assert.Empty(recorded);
        var (_, ticket) = await fixture.Node.Api.GetAsync($"matchmaker/{t1}", p1.AccessToken);
        Assert.Equal("pending", ticket.GetProperty("status").GetString());
    }
}
