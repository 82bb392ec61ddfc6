using Asobi.IntegrationTests.Support;
using Asobi.Matchmaker;
using Npgsql;

namespace Asobi.IntegrationTests.Matchmaking;

/// <summary>Placement when a chosen host stays silent, and tickets that wait too long.</summary>
public sealed class PlacementTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private NodeHost node = null!;
    private MatchmakerLeader? leader;

    public async Task InitializeAsync() => node = await NodeHost.StartAsync(db.ConnectionString, new Dictionary<string, string?>
    {
        ["Asobi:Modes:quick:Game"] = "demo",
        ["Asobi:Modes:quick:MatchSize"] = "3",
        ["Asobi:Modes:quick:MaxWait"] = "00:00:01",
    });

    public async Task DisposeAsync()
    {
        if (leader is not null)
        {
            await leader.StopAsync();
        }

        await node.DisposeAsync();
    }

    /// <summary>A registry row for a node that heartbeats but never answers placements, and looks idle so it is chosen first.</summary>
    private async Task AddSilentNodeAsync(string nodeId)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO cluster_nodes (node_id, url, started_at, last_seen, matches) VALUES ($1, 'ws://127.0.0.1:9/ws', now(), now() + interval '1 hour', -1000)
            ON CONFLICT (node_id) DO UPDATE SET last_seen = excluded.last_seen
            """, conn)
        {
            Parameters = { new() { Value = nodeId } },
        };
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task RemoveSilentNodeAsync(string nodeId)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("DELETE FROM cluster_nodes WHERE node_id = $1", conn) { Parameters = { new() { Value = nodeId } } };
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<(Player, string)> QueueByRestAsync(string mode)
    {
        var p = await node.Api.RegisterAsync();
        var (_, body) = await node.Api.PostAsync("matchmaker", new { mode }, p.AccessToken);
        return (p, body.GetProperty("ticket_id").GetString()!);
    }

    [Fact]
    public async Task A_match_whose_host_never_confirms_is_placed_on_another_node()
    {
        await AddSilentNodeAsync("silent-1");
        try
        {
            leader = await MatchmakerInstance.StartAsync(node, db.ConnectionString, "mm-place", options: new MatchmakerOptions
            {
                TickInterval = TimeSpan.FromMilliseconds(200), PlacementTimeout = TimeSpan.FromSeconds(1), MaxPlacementAttempts = 3,
            });
            var pa = await node.Api.RegisterAsync();
            var pb = await node.Api.RegisterAsync();
            var (ca, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, pa.AccessToken);
            var (cb, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, pb.AccessToken);
            await using var __ = ca;
            await using var ___ = cb;
            await node.Api.PostAsync("matchmaker", new { mode = "demo" }, pa.AccessToken); // REST: no locality, the idle silent node wins
            await node.Api.PostAsync("matchmaker", new { mode = "demo" }, pb.AccessToken);

            var matched = (await ca.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(8))).GetProperty("payload");
            Assert.Equal(node.WsUrl, matched.GetProperty("url").GetString());
            var (_, record) = await node.Api.GetAsync($"matches/{matched.GetProperty("match_id").GetString()}", pa.AccessToken);
            Assert.Equal("running", record.GetProperty("status").GetString());
        }
        finally
        {
            await RemoveSilentNodeAsync("silent-1");
        }
    }

    [Fact]
    public async Task A_match_no_node_confirms_fails_and_its_players_are_told()
    {
        await AddSilentNodeAsync("silent-2");
        try
        {
            leader = await MatchmakerInstance.StartAsync(node, db.ConnectionString, "mm-fail", options: new MatchmakerOptions
            {
                TickInterval = TimeSpan.FromMilliseconds(200), PlacementTimeout = TimeSpan.FromSeconds(1), MaxPlacementAttempts = 1,
            });
            var pa = await node.Api.RegisterAsync();
            var pb = await node.Api.RegisterAsync();
            var (ca, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, pa.AccessToken);
            await using var __ = ca;
            var ticket = (await node.Api.PostAsync("matchmaker", new { mode = "tictactoe" }, pa.AccessToken)).Body.GetProperty("ticket_id").GetString();
            await node.Api.PostAsync("matchmaker", new { mode = "tictactoe" }, pb.AccessToken);

            var failed = (await ca.ReceiveTypeAsync("match.matchmaker_failed", TimeSpan.FromSeconds(8))).GetProperty("payload");
            Assert.Equal("no_host", failed.GetProperty("reason").GetString());
            var (_, t) = await node.Api.GetAsync($"matchmaker/{ticket}", pa.AccessToken);
            Assert.Equal("failed", t.GetProperty("status").GetString());
        }
        finally
        {
            await RemoveSilentNodeAsync("silent-2");
        }
    }

    [Fact]
    public async Task A_ticket_waiting_past_the_modes_max_wait_expires_and_its_player_is_told()
    {
        leader = await MatchmakerInstance.StartAsync(node, db.ConnectionString, "mm-expire");
        var p = await node.Api.RegisterAsync();
        var (ws, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, p.AccessToken);
        await using var __ = ws;
        await ws.SendAsync("matchmaker.add", new { mode = "quick" }, "q");
        var ticket = (await ws.ReceiveTypeAsync("matchmaker.queued")).GetProperty("payload").GetProperty("ticket_id").GetString();

        var expired = (await ws.ReceiveTypeAsync("match.matchmaker_expired", TimeSpan.FromSeconds(5))).GetProperty("payload");
        Assert.Equal(ticket, expired.GetProperty("ticket_id").GetString());
        var (_, t) = await node.Api.GetAsync($"matchmaker/{ticket}", p.AccessToken);
        Assert.Equal("expired", t.GetProperty("status").GetString());

        // Expired, so the player may queue again.
        var (_, again) = await node.Api.PostAsync("matchmaker", new { mode = "quick" }, p.AccessToken);
        Assert.False(again.GetProperty("already_queued").GetBoolean());
    }
}
