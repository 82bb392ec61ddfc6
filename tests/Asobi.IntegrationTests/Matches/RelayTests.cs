using System.Text.Json;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Matches;

/// <summary>
/// Clients that do not declare <c>migrate</c> (the Erlang Asobi SDKs) playing a match hosted on another node: node B
/// relays them to the match on node A, and they see the same frames as a player on A.
/// </summary>
public sealed class RelayTests(DatabaseFixture db) : TwoNodeTests(db)
{
    internal static JsonElement Payload(JsonElement frame) => frame.GetProperty("payload");

    internal static string Type(JsonElement frame) => frame.GetProperty("type").GetString()!;

    internal static string Code(JsonElement error) => Payload(error).GetProperty("error").GetProperty("code").GetString()!;

    internal static double X(JsonElement state, Guid player) =>
        Payload(state).GetProperty("players").GetProperty(player.ToString()).GetProperty("x").GetDouble();

    /// <summary>A player on <paramref name="node"/> creates a match there (find_or_create); returns its id.</summary>
    internal static async Task<(Player Player, WsClient Socket, string MatchId)> HostAsync(NodeHost node, string mode)
    {
        var player = await node.Api.RegisterAsync();
        var (socket, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, player.AccessToken);
        await socket.SendAsync("match.find_or_create", new { mode }, "f");
        var joined = await socket.ReceiveTypeAsync("match.joined");
        return (player, socket, Payload(joined).GetProperty("match_id").GetString()!);
    }

    /// <summary>A new player on <paramref name="node"/>, without the migrate feature, joined to the match (<c>match.joined</c> read).</summary>
    internal static async Task<(Player Player, WsClient Socket)> RelayedJoinAsync(NodeHost node, string matchId)
    {
        var player = await node.Api.RegisterAsync();
        var (socket, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, player.AccessToken);
        await socket.SendAsync("match.join", new { match_id = matchId }, "j");
        await socket.ReceiveTypeAsync("match.joined");
        return (player, socket);
    }

    /// <summary>The first frame that answers <paramref name="cid"/>, skipping pushes.</summary>
    internal static async Task<JsonElement> ReplyAsync(WsClient socket, string cid, TimeSpan? wait = null)
    {
        using var cts = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var frame = await socket.ReceiveAsync().WaitAsync(cts.Token);
            if (frame.TryGetProperty("cid", out var c) && c.GetString() == cid)
            {
                return frame;
            }
        }
    }

    [Fact]
    public async Task A_client_without_the_migrate_feature_joins_a_match_on_another_node_through_its_own_node_and_plays()
    {
        var (host, onA, matchId) = await HostAsync(A, "demo");
        await using var _ = onA;
        var guest = await B.Api.RegisterAsync();
        var (onB, connected) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, guest.AccessToken);
        await using var __ = onB;
        Assert.Empty(connected.GetProperty("features").EnumerateArray());

        await onB.SendAsync("match.join", new { match_id = matchId }, "j");
        var joined = await onB.ReceiveAsync();
        Assert.Equal("match.joined", Type(joined)); // the very next frame: no match.migrate, nothing before it
        Assert.Equal("j", joined.GetProperty("cid").GetString());
        Assert.Equal(A.Service<Asobi.Cluster.NodeIdentity>().NodeId, Payload(joined).GetProperty("node_id").GetString());
        Assert.Equal(2, Payload(joined).GetProperty("player_count").GetInt32());
        var first = await onB.ReceiveAsync();
        Assert.Equal("match.state", Type(first));

        var startX = X(first, guest.Id);
        await onB.SendAsync("match.input", new { move_x = startX < 400 ? 1 : -1, move_y = 0 });
        await Eventually.TrueAsync(async () => Math.Abs(X(await onB.ReceiveTypeAsync("match.state"), guest.Id) - startX) > 10,
            TimeSpan.FromSeconds(3), "the relayed player did not move");

        // The host sees the relayed player in the same shared state, and the record lists both seats.
        await Eventually.TrueAsync(async () =>
            Payload(await onA.ReceiveTypeAsync("match.state")).GetProperty("players").TryGetProperty(guest.Id.ToString(), out var seen)
                && Math.Abs(seen.GetProperty("x").GetDouble() - startX) > 10,
            TimeSpan.FromSeconds(3), "the host's player did not see the relayed player move");
        await Eventually.TrueAsync(async () =>
            (await A.Api.GetAsync($"matches/{matchId}", host.AccessToken)).Body.GetProperty("players").GetArrayLength() == 2,
            TimeSpan.FromSeconds(5), "the match record never listed the relayed player");
        Assert.Equal(1, B.Service<Asobi.Node.Matches.Relay.RelaySeats>().Count);
    }

    [Fact]
    public async Task Relayed_frames_are_the_bytes_a_local_player_gets_in_the_same_order()
    {
        var (_, onA, matchId) = await HostAsync(A, "demo");
        await using var _ = onA;
        var (guest, onB) = await RelayedJoinAsync(B, matchId);
        await using var __ = onB;

        // The demo state is shared: each tick's frame is the same for both players, byte for byte once parsed.
        var local = new List<string>();
        var relayed = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            local.Add((await onA.ReceiveTypeAsync("match.state")).GetRawText());
            relayed.Add((await onB.ReceiveTypeAsync("match.state")).GetRawText());
        }

        var elapsed = relayed.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("payload").GetProperty("elapsed_ms").GetDouble()).ToList();
        Assert.Equal(elapsed.Order(), elapsed); // in tick order, none repeated
        Assert.Equal(elapsed.Count, elapsed.Distinct().Count());
        Assert.NotEmpty(relayed.Intersect(local)); // the same frames (the lists are offset by the join)
    }

    [Fact]
    public async Task A_relayed_leave_frees_the_seat_on_the_host_and_inputs_afterwards_are_refused()
    {
        var (host, onA, matchId) = await HostAsync(A, "demo");
        await using var _ = onA;
        var (guest, onB) = await RelayedJoinAsync(B, matchId);
        await using var __ = onB;

        await onB.SendAsync("match.leave", new { }, "l");
        Assert.True(Payload(await ReplyAsync(onB, "l")).GetProperty("success").GetBoolean());
        var match = A.Service<Asobi.Node.Matches.MatchDirectory>().Get(Guid.Parse(matchId))!;
        await Eventually.TrueAsync(() => Task.FromResult(!match.HasSeat(guest.Id)), TimeSpan.FromSeconds(5), "the host kept the seat");
        Assert.True(match.HasSeat(host.Id));

        await onB.SendAsync("match.input", new { move_x = 1, move_y = 0 }, "i");
        Assert.Equal("match.not_in_match", Code(await ReplyAsync(onB, "i")));
    }

    [Fact]
    public async Task A_relayed_join_of_a_full_match_is_answered_match_full_with_its_cid_and_holds_no_seat()
    {
        var (_, onA, matchId) = await HostAsync(A, "demo");
        await using var _ = onA;
        var second = await B.Api.RegisterAsync();
        var (s2, _) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, second.AccessToken);
        await using var __ = s2;
        await s2.SendAsync("match.join", new { match_id = matchId }, "j2");
        await s2.ReceiveTypeAsync("match.joined");

        var third = await B.Api.RegisterAsync();
        var (s3, _) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, third.AccessToken);
        await using var ___ = s3;
        await s3.SendAsync("match.join", new { match_id = matchId }, "j3");
        var refused = await ReplyAsync(s3, "j3");
        Assert.Equal("error", Type(refused));
        Assert.Equal("match.full", Code(refused));
        Assert.Equal("match_full", Payload(refused).GetProperty("reason").GetString());
        await Eventually.TrueAsync(() => Task.FromResult(B.Service<Asobi.Node.Matches.Relay.RelaySeats>().SeatOf(third.Id) is null),
            TimeSpan.FromSeconds(5), "the relaying node kept a seat the host refused");
    }

    [Fact]
    public async Task A_relayed_player_whose_socket_drops_is_held_for_the_grace_and_rejoins_from_the_host_itself()
    {
        var (host, onA, matchId) = await HostAsync(A, "demo");
        await using var _ = onA;
        var guest = await B.Api.RegisterAsync();
        var (onB, _) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, guest.AccessToken);
        await onB.SendAsync("match.join", new { match_id = matchId }, "j");
        await onB.ReceiveTypeAsync("match.joined");
        await onB.CloseAsync();
        await onB.DisposeAsync();

        var match = A.Service<Asobi.Node.Matches.MatchDirectory>().Get(Guid.Parse(matchId))!;
        await Eventually.TrueAsync(() => Task.FromResult(IsAway(match, guest.Id)),
            TimeSpan.FromSeconds(5), "the host never heard the relayed socket close");
        Assert.True(match.HasSeat(guest.Id)); // held for the grace

        // Back through the host node itself this time (a reconnect through the entry point may land anywhere).
        var (back, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, guest.AccessToken);
        await using var __ = back;
        await back.SendAsync("match.join", new { match_id = matchId }, "again");
        var joined = await ReplyAsync(back, "again");
        Assert.Equal("match.joined", Type(joined));
        Assert.Equal(2, Payload(joined).GetProperty("player_count").GetInt32()); // the same seat, not a new one
        await back.ReceiveTypeAsync("match.state");
        Assert.Null((match.Output as Asobi.Node.Matches.Relay.HostedMatchOutput)!.RelayOf(guest.Id));
    }

    [Fact]
    public async Task A_flood_of_inputs_from_a_relayed_player_is_rate_limited_and_the_match_goes_on()
    {
        var (host, onA, matchId) = await HostAsync(A, "demo");
        await using var _ = onA;
        var (guest, onB) = await RelayedJoinAsync(B, matchId);
        await using var __ = onB;

        for (var i = 0; i < 300; i++)
        {
            await onB.SendAsync("match.input", new { move_x = i % 2 == 0 ? 1 : -1, move_y = 0 });
        }

        var limited = await onB.ReceiveTypeAsync("error");
        Assert.Equal("rate_limited", Code(limited));

        // Both players still get ticks, and the match is still running on the host with both seats.
        await onA.ReceiveTypeAsync("match.state");
        await onB.ReceiveTypeAsync("match.state", TimeSpan.FromSeconds(5));
        var match = A.Service<Asobi.Node.Matches.MatchDirectory>().Get(Guid.Parse(matchId))!;
        Assert.False(match.IsFinished);
        Assert.True(match.HasSeat(guest.Id) && match.HasSeat(host.Id));
    }

    [Fact]
    public async Task A_relayed_player_plays_tic_tac_toe_to_the_end_and_the_record_is_written()
    {
        var (host, onA, matchId) = await HostAsync(A, "tictactoe"); // the host's player joined first: X
        await using var _ = onA;
        var (guest, onB) = await RelayedJoinAsync(B, matchId);
        await using var __ = onB;

        // X: 0, 1, 2 wins along the top row; O (relayed) plays 3, 4. Each move waits for the other's to be seen.
        foreach (var (socket, cell) in new[] { (onA, 0), (onB, 3), (onA, 1), (onB, 4), (onA, 2) })
        {
            await socket.SendAsync("match.input", new { cell });
            await Eventually.TrueAsync(async () => Payload(await onB.ReceiveTypeAsync("match.moved")).GetProperty("cell").GetInt32() == cell,
                TimeSpan.FromSeconds(5), $"the relayed player never saw the move to {cell}");
        }

        var finished = await onB.ReceiveTypeAsync("match.finished");
        Assert.Equal(host.Id.ToString(), Payload(finished).GetProperty("result").GetProperty("winner").GetString());
        var record = (await B.Api.GetAsync($"matches/{matchId}", guest.AccessToken)).Body;
        Assert.Equal("finished", record.GetProperty("status").GetString());
        Assert.Equal(2, record.GetProperty("players").GetArrayLength());
        await Eventually.TrueAsync(() => Task.FromResult(B.Service<Asobi.Node.Matches.Relay.RelaySeats>().SeatOf(guest.Id) is null),
            TimeSpan.FromSeconds(5), "the relaying node kept the seat of a finished match");
        await onB.SendAsync("match.input", new { cell = 5 }, "late");
        Assert.Equal("match.not_in_match", Code(await ReplyAsync(onB, "late")));
    }

    [Fact]
    public async Task Relayed_players_of_a_host_that_stops_are_told_the_match_finished_and_it_is_recorded_aborted()
    {
        var (_, onA, matchId) = await HostAsync(A, "demo");
        await using var _ = onA;
        var (guest, onB) = await RelayedJoinAsync(B, matchId);
        await using var __ = onB;

        // The host's own sockets are closed as it stops; the relayed socket stays open and hears the end.
        var stopping = A.App.StopAsync();
        var relayed = await onB.ReceiveTypeAsync("match.finished", TimeSpan.FromSeconds(20));
        await stopping;
        Assert.Equal(matchId, Payload(relayed).GetProperty("match_id").GetString());
        Assert.Equal("node_stopping", Payload(relayed).GetProperty("result").GetProperty("reason").GetString());
        Assert.Null(B.Service<Asobi.Node.Matches.Relay.RelaySeats>().SeatOf(guest.Id));
        var record = (await B.Api.GetAsync($"matches/{matchId}", guest.AccessToken)).Body;
        Assert.Equal("aborted", record.GetProperty("status").GetString());
        await onB.SendAsync("match.join", new { match_id = matchId }, "again");
        Assert.Equal("match.aborted", Code(await ReplyAsync(onB, "again")));
    }

    [Fact]
    public async Task A_relayed_join_of_a_finished_match_is_refused_as_on_the_host()
    {
        var (host, onA, matchId) = await HostAsync(A, "tictactoe");
        await using var _ = onA;
        await onA.SendAsync("match.leave", new { }, "l"); // alone: the match ends empty
        await ReplyAsync(onA, "l");
        await Eventually.TrueAsync(async () =>
            (await A.Api.GetAsync($"matches/{matchId}", host.AccessToken)).Body.GetProperty("status").GetString() == "finished",
            TimeSpan.FromSeconds(5), "the empty match never finished");

        var guest = await B.Api.RegisterAsync();
        var (onB, _) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, guest.AccessToken);
        await using var __ = onB;
        await onB.SendAsync("match.join", new { match_id = matchId }, "j");
        Assert.Equal("match.finished", Code(await ReplyAsync(onB, "j")));
    }

    [Fact]
    public async Task Session_connect_echoes_the_features_understood_and_refuses_a_malformed_list_without_signing_in()
    {
        var player = await A.Api.RegisterAsync();
        var (aware, connected) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, player.AccessToken, ["migrate", "future"]);
        await using var _ = aware;
        Assert.Equal(["migrate"], connected.GetProperty("features").EnumerateArray().Select(f => f.GetString()));

        await using var bad = await WsClient.ConnectAsync(A.WsUrl);
        await bad.SendAsync("session.connect", new { token = player.AccessToken, features = "migrate" }, "c");
        Assert.Equal("invalid_message", Code(await ReplyAsync(bad, "c")));
        await bad.SendAsync("match.list", new { }, "l");
        Assert.Equal("unauthenticated", Code(await ReplyAsync(bad, "l")));
    }

    private static bool IsAway(Asobi.Node.Matches.MatchServer match, Guid player) =>
        match.HasSeat(player) && !match.IsConnected(player);
}
