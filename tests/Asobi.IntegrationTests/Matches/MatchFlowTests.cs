using System.Text.Json;
using Asobi.IntegrationTests.Matchmaking;
using Asobi.IntegrationTests.Support;
using Asobi.Matchmaker;
using Npgsql;

namespace Asobi.IntegrationTests.Matches;

/// <summary>Matches on a node with a matchmaker: played to the end and recorded, joins that cannot succeed, rejoin within grace.</summary>
public sealed class MatchFlowTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private NodeHost node = null!;
    private MatchmakerLeader leader = null!;

    public async Task InitializeAsync()
    {
        node = await NodeHost.StartAsync(db.ConnectionString);
        leader = await MatchmakerInstance.StartAsync(node, db.ConnectionString, "mm-flow");
    }

    public async Task DisposeAsync()
    {
        await leader.StopAsync();
        await node.DisposeAsync();
    }

    private sealed record Seated(Player Player, WsClient Socket);

    private async Task<(string MatchId, Seated A, Seated B)> MatchAsync(string mode)
    {
        var pa = await node.Api.RegisterAsync();
        var pb = await node.Api.RegisterAsync();
        var (ca, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, pa.AccessToken);
        var (cb, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, pb.AccessToken);
        await ca.SendAsync("matchmaker.add", new { mode });
        await ca.ReceiveTypeAsync("matchmaker.queued");
        await cb.SendAsync("matchmaker.add", new { mode });
        var matchId = (await ca.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10))).GetProperty("payload").GetProperty("match_id").GetString()!;
        await ca.ReceiveTypeAsync("match.joined");
        await cb.ReceiveTypeAsync("match.joined");
        return (matchId, new Seated(pa, ca), new Seated(pb, cb));
    }

    private static async Task MovedAsync(WsClient socket, int cell)
    {
        while ((await socket.ReceiveTypeAsync("match.moved")).GetProperty("payload").GetProperty("cell").GetInt32() != cell)
        {
        }
    }

    private static string Code(JsonElement error) => error.GetProperty("payload").GetProperty("error").GetProperty("code").GetString()!;

    [Fact]
    public async Task A_tic_tac_toe_game_is_played_to_its_end_and_recorded_with_the_winner()
    {
        var (matchId, a, b) = await MatchAsync("tictactoe");
        await using var _ = a.Socket;
        await using var __ = b.Socket;

        // Whoever joined first plays X and starts; read it from the state.
        string? turn = null;
        await Eventually.TrueAsync(async () =>
        {
            var state = (await a.Socket.ReceiveTypeAsync("match.state")).GetProperty("payload");
            turn = state.GetProperty("turn").ValueKind == JsonValueKind.String ? state.GetProperty("turn").GetString() : null;
            return turn is not null;
        }, TimeSpan.FromSeconds(5));
        var (x, o) = turn == a.Player.Id.ToString() ? (a, b) : (b, a);
        foreach (var (who, cell) in new[] { (x, 0), (o, 3), (x, 1), (o, 4), (x, 2) })
        {
            // Both sockets see each move before the next one is sent: inputs from two connections have no order.
            await who.Socket.SendAsync("match.input", new { cell });
            await MovedAsync(a.Socket, cell);
            await MovedAsync(b.Socket, cell);
        }

        var finishedA = (await a.Socket.ReceiveTypeAsync("match.finished", TimeSpan.FromSeconds(5))).GetProperty("payload");
        var finishedB = (await b.Socket.ReceiveTypeAsync("match.finished", TimeSpan.FromSeconds(5))).GetProperty("payload");
        Assert.Equal(matchId, finishedA.GetProperty("match_id").GetString());
        Assert.Equal(x.Player.Id.ToString(), finishedA.GetProperty("result").GetProperty("winner").GetString());
        Assert.Equal(matchId, finishedB.GetProperty("match_id").GetString());

        var (_, record) = await node.Api.GetAsync($"matches/{matchId}", a.Player.AccessToken);
        Assert.Equal("finished", record.GetProperty("status").GetString());
        Assert.Equal("three_in_a_row", record.GetProperty("result").GetProperty("reason").GetString());
        var (_, mine) = await node.Api.GetAsync("matches?mine=true", x.Player.AccessToken);
        Assert.Contains(mine.GetProperty("matches").EnumerateArray(), m => m.GetProperty("match_id").GetString() == matchId);

        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT wins FROM player_match_stats WHERE player_id = $1 AND mode = 'tictactoe'", conn)
        {
            Parameters = { new() { Value = x.Player.Id } },
        };
        Assert.Equal(1, await cmd.ExecuteScalarAsync());

        // Both players also get a match_result notification, readable later by anyone who was away.
        foreach (var player in new[] { a.Player, b.Player })
        {
            await Eventually.TrueAsync(async () =>
            {
                var (_, inbox) = await node.Api.GetAsync("notifications", player.AccessToken);
                return inbox.GetProperty("notifications").EnumerateArray().Any(n =>
                    n.GetProperty("type").GetString() == "match_result"
                    && n.GetProperty("content").GetProperty("match_id").GetString() == matchId
                    && n.GetProperty("content").GetProperty("winners")[0].GetString() == x.Player.Id.ToString());
            }, TimeSpan.FromSeconds(5));
        }

        // A finished match can no longer be joined.
        await a.Socket.SendAsync("match.join", new { match_id = matchId }, "late");
        Assert.Equal("match.finished", Code(await a.Socket.ReceiveTypeAsync("error")));
    }

    [Fact]
    public async Task Joining_a_missing_match_or_a_full_one_is_refused_clearly()
    {
        var (matchId, a, b) = await MatchAsync("demo");
        await using var _ = a.Socket;
        await using var __ = b.Socket;
        var third = await node.Api.RegisterAsync();
        var (c, ___) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, third.AccessToken);
        await using var ____ = c;

        await c.SendAsync("match.join", new { match_id = Guid.NewGuid() }, "1");
        Assert.Equal("match.not_found", Code(await c.ReceiveTypeAsync("error")));
        await c.SendAsync("match.join", new { match_id = matchId }, "2");
        Assert.Equal("match.full", Code(await c.ReceiveTypeAsync("error")));
        await c.SendAsync("match.input", new { move_x = 1 });
        Assert.Equal("match.not_in_match", Code(await c.ReceiveTypeAsync("error")));
    }

    [Fact]
    public async Task An_input_flood_is_throttled_without_closing_the_socket_or_stopping_the_match()
    {
        var (_, a, b) = await MatchAsync("demo");
        await using var _ = a.Socket;
        await using var __ = b.Socket;
        for (var i = 0; i < 300; i++)
        {
            await a.Socket.SendAsync("match.input", new { move_x = i % 2 == 0 ? 1 : -1, move_y = 0 });
        }

        Assert.Equal("rate_limited", Code(await a.Socket.ReceiveTypeAsync("error")));
        await b.Socket.ReceiveTypeAsync("match.state");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // let the per-socket rate limit refill
        await a.Socket.SendAsync("session.heartbeat", new { }, "still-here");
        var heartbeat = await a.Socket.ReceiveTypeAsync("session.heartbeat", TimeSpan.FromSeconds(10));
        Assert.Equal("still-here", heartbeat.GetProperty("cid").GetString());
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, a.Socket.State);
    }

    [Fact]
    public async Task A_player_whose_socket_drops_rejoins_within_the_grace_period_to_the_current_state()
    {
        var (matchId, a, b) = await MatchAsync("demo");
        await using var _ = b.Socket;
        await a.Socket.SendAsync("match.input", new { move_x = 1, move_y = 0 });
        await Eventually.TrueAsync(async () => (await a.Socket.ReceiveTypeAsync("match.state")).GetProperty("payload")
            .GetProperty("players").GetProperty(a.Player.Id.ToString()).GetProperty("move_x").GetDouble() == 1, TimeSpan.FromSeconds(3));
        await a.Socket.CloseAsync();
        await a.Socket.DisposeAsync();

        var (back, __) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, a.Player.AccessToken);
        await using var ___ = back;
        await back.SendAsync("match.join", new { match_id = matchId }, "again");
        var joined = await back.ReceiveTypeAsync("match.joined");
        Assert.Equal(2, joined.GetProperty("payload").GetProperty("player_count").GetInt32());
        var state = (await back.ReceiveAsync()).GetProperty("payload");
        Assert.Equal(1, state.GetProperty("players").GetProperty(a.Player.Id.ToString()).GetProperty("move_x").GetDouble());
    }

    [Fact]
    public async Task A_match_whose_host_died_is_recorded_as_aborted_and_a_join_says_so()
    {
        var p = await node.Api.RegisterAsync();
        var matchId = Guid.NewGuid();
        await using (var conn = new NpgsqlConnection(db.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO match_records (match_id, mode, node_id, status, players, max_players) VALUES ($1, 'demo', 'node-gone', 'running', '{}', 2)", conn)
            {
                Parameters = { new() { Value = matchId } },
            };
            await cmd.ExecuteNonQueryAsync();
        }

        await Eventually.TrueAsync(async () =>
            (await node.Api.GetAsync($"matches/{matchId}", p.AccessToken)).Body.GetProperty("status").GetString() == "aborted",
            TimeSpan.FromSeconds(5), "the leader did not abort the dead node's match");
        var (ws, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, p.AccessToken);
        await using var __ = ws;
        await ws.SendAsync("match.join", new { match_id = matchId }, "j");
        Assert.Equal("match.aborted", Code(await ws.ReceiveTypeAsync("error")));
    }

    [Fact]
    public async Task Find_or_create_puts_two_players_in_one_new_match_that_the_cluster_lists_and_leave_frees_the_seat()
    {
        var p1 = await node.Api.RegisterAsync();
        var p2 = await node.Api.RegisterAsync();
        var (c1, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, p1.AccessToken);
        var (c2, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, p2.AccessToken);
        await using var __ = c1;
        await using var ___ = c2;

        await c1.SendAsync("match.find_or_create", new { mode = "tictactoe" }, "f1");
        var first = (await c1.ReceiveTypeAsync("match.joined")).GetProperty("payload");
        Assert.Equal("waiting", first.GetProperty("status").GetString());
        await c2.SendAsync("match.find_or_create", new { mode = "tictactoe" }, "f2");
        var second = (await c2.ReceiveTypeAsync("match.joined")).GetProperty("payload");
        Assert.Equal(first.GetProperty("match_id").GetString(), second.GetProperty("match_id").GetString());
        Assert.Equal(2, second.GetProperty("player_count").GetInt32());

        await c1.SendAsync("match.list", new { mode = "tictactoe" }, "l");
        var list = (await c1.ReceiveTypeAsync("match.list")).GetProperty("payload").GetProperty("matches");
        Assert.Contains(list.EnumerateArray(), m => m.GetProperty("match_id").GetString() == first.GetProperty("match_id").GetString());

        await c2.SendAsync("match.leave", new { }, "bye");
        Assert.True((await c2.ReceiveTypeAsync("match.left")).GetProperty("payload").GetProperty("success").GetBoolean());
        await c2.SendAsync("match.leave", new { }, "again");
        Assert.False((await c2.ReceiveTypeAsync("match.left")).GetProperty("payload").GetProperty("success").GetBoolean());

        await c1.SendAsync("match.find_or_create", new { mode = "go" }, "bad");
        Assert.Equal("match.unknown_mode", Code(await c1.ReceiveTypeAsync("error")));
    }
}
