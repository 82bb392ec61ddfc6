using System.Text.Json;
using Asobi.IntegrationTests.Support;
using Asobi.Matchmaker;
using Asobi.Node.Realtime;
using Npgsql;

namespace Asobi.IntegrationTests.Matchmaking;

/// <summary>
/// Players whose socket was closed when their match formed learn of it when they reconnect, on any node, within the
/// seat grace; and a pending ticket follows its player to the node where they reconnect.
/// </summary>
public sealed class OfflineMatchedPlayerTests(DatabaseFixture db) : TwoNodeTests(db)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(4);
    private MatchmakerLeader? leader;

    protected override IDictionary<string, string?>? NodeSettings =>
        new Dictionary<string, string?> { ["Asobi:Matches:SeatGrace"] = Grace.ToString() };

    public override async Task DisposeAsync()
    {
        if (leader is not null)
        {
            await leader.StopAsync();
        }

        await base.DisposeAsync();
    }

    private static JsonElement Payload(JsonElement frame) => frame.GetProperty("payload");

    private static async Task QueueAsync(WsClient socket, string mode)
    {
        await socket.SendAsync("matchmaker.add", new { mode }, "q");
        await socket.ReceiveTypeAsync("matchmaker.queued");
    }

    /// <summary>Two players queue for tic-tac-toe on node A; the second closes their socket; then the match forms (on A).</summary>
    private async Task<(Player Online, WsClient OnlineSocket, Player Offline, string MatchId)> MatchWithOneOfflineAsync()
    {
        var online = await A.Api.RegisterAsync();
        var offline = await A.Api.RegisterAsync();
        var (c1, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, online.AccessToken, WsClient.Migrating);
        var (c2, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, offline.AccessToken, WsClient.Migrating);
        await QueueAsync(c1, "tictactoe");
        await QueueAsync(c2, "tictactoe");
        await c2.DisposeAsync();
        await Eventually.TrueAsync(() => Task.FromResult(!A.Service<LocalSockets>().HasPlayer(offline.Id)), TimeSpan.FromSeconds(5));

        leader = await MatchmakerInstance.StartAsync(A, ConnectionString, "mm-offline-" + Guid.NewGuid().ToString("N")[..6]);
        var matched = Payload(await c1.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10)));
        Assert.Equal(A.WsUrl, matched.GetProperty("url").GetString());
        await c1.ReceiveTypeAsync("match.joined");
        return (online, c1, offline, matched.GetProperty("match_id").GetString()!);
    }

    [Fact]
    public async Task A_matched_player_who_was_offline_is_told_on_reconnecting_elsewhere_migrates_and_joins_within_grace()
    {
        var (online, c1, offline, matchId) = await MatchWithOneOfflineAsync();
        await using var _ = c1;

        var (onB, __) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, offline.AccessToken, WsClient.Migrating);
        await using var ___ = onB;
        var matched = Payload(await onB.ReceiveTypeAsync("match.matched"));
        Assert.Equal(matchId, matched.GetProperty("match_id").GetString());
        Assert.Equal("tictactoe", matched.GetProperty("mode").GetString());
        Assert.Contains(online.Id.ToString(), matched.GetProperty("players").EnumerateArray().Select(p => p.GetString()));
        var migrate = Payload(await onB.ReceiveTypeAsync("match.migrate"));
        Assert.Equal(A.WsUrl, migrate.GetProperty("url").GetString());

        var (moved, ____) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, offline.AccessToken, WsClient.Migrating);
        await using var _____ = moved;
        await moved.SendAsync("match.join", new { match_id = matchId }, "j");
        var joined = await moved.ReceiveAsync();
        Assert.Equal("match.joined", joined.GetProperty("type").GetString()); // told once: no second match.matched on the host
        Assert.Equal("j", joined.GetProperty("cid").GetString());
        Assert.Equal("running", Payload(joined).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_matched_player_who_was_offline_and_reconnects_on_the_host_is_told_and_seated_by_the_server()
    {
        var (_, c1, offline, matchId) = await MatchWithOneOfflineAsync();
        await using var _ = c1;

        var (onA, __) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, offline.AccessToken, WsClient.Migrating);
        await using var ___ = onA;
        Assert.Equal(matchId, Payload(await onA.ReceiveAsync()).GetProperty("match_id").GetString());
        var joined = await onA.ReceiveAsync();
        Assert.Equal("match.joined", joined.GetProperty("type").GetString());
        Assert.Equal(2, Payload(joined).GetProperty("player_count").GetInt32());
        Assert.Equal("running", Payload(joined).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_matched_player_back_after_the_seat_grace_is_not_told()
    {
        var (_, c1, offline, matchId) = await MatchWithOneOfflineAsync();
        await using var _ = c1;

        // The host gives the seat up after the grace; the match itself goes on with the player who came.
        await Eventually.TrueAsync(async () =>
            {
                await c1.SendAsync("match.list", new { mode = "tictactoe" }, "l");
                var list = Payload(await c1.ReceiveTypeAsync("match.list")).GetProperty("matches");
                return list.EnumerateArray().Any(m => m.GetProperty("match_id").GetString() == matchId && m.GetProperty("player_count").GetInt32() == 1);
            },
            Grace * 3, "the host never gave up the absent player's seat");

        var (onB, __) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, offline.AccessToken, WsClient.Migrating);
        await using var ___ = onB;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => onB.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(1.5)));
    }

    [Fact]
    public async Task A_pending_ticket_follows_its_player_to_the_node_they_reconnect_on_and_the_match_is_placed_there()
    {
        var p1 = await A.Api.RegisterAsync();
        var p2 = await A.Api.RegisterAsync();
        foreach (var p in new[] { p1, p2 })
        {
            var (onA, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, p.AccessToken, WsClient.Migrating);
            await QueueAsync(onA, "demo");
            await onA.DisposeAsync();
        }

        var (c1, __) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, p1.AccessToken, WsClient.Migrating);
        var (c2, ___) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, p2.AccessToken, WsClient.Migrating);
        await using var ____ = c1;
        await using var _____ = c2;
        await Eventually.TrueAsync(async () => await TicketNodesAsync(p1.Id, p2.Id) == B.Service<Asobi.Cluster.NodeIdentity>().NodeId,
            TimeSpan.FromSeconds(5), "the tickets never moved to node B");

        leader = await MatchmakerInstance.StartAsync(A, ConnectionString, "mm-rehome");
        var matched = Payload(await c1.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10)));
        Assert.Equal(B.WsUrl, matched.GetProperty("url").GetString());
        await c1.ReceiveTypeAsync("match.joined");
        await c2.ReceiveTypeAsync("match.joined");
    }

    /// <summary>The node both players' pending tickets name, or null when they differ.</summary>
    private async Task<string?> TicketNodesAsync(Guid p1, Guid p2)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT CASE WHEN count(DISTINCT node_id) = 1 AND count(*) = 2 THEN min(node_id) END FROM matchmaker_tickets WHERE player_id IN ($1, $2) AND status = 'pending'", conn)
        {
            Parameters = { new() { Value = p1 }, new() { Value = p2 } },
        };
        return await cmd.ExecuteScalarAsync() as string;
    }
}
