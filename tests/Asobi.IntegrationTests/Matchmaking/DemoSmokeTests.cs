using System.Text.Json;
using Asobi.IntegrationTests.Support;
using Asobi.Matchmaker;

namespace Asobi.IntegrationTests.Matchmaking;

/// <summary>The SDK smoke flow for the demo mode, on one node and across two nodes with migration.</summary>
public sealed class DemoSmokeTests(DatabaseFixture db) : TwoNodeTests(db)
{
    private MatchmakerLeader leader = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        leader = await MatchmakerInstance.StartAsync(A, ConnectionString, "mm-smoke");
    }

    public override async Task DisposeAsync()
    {
        await leader.StopAsync();
        await base.DisposeAsync();
    }

    private static double X(JsonElement state, Guid player) =>
        state.GetProperty("payload").GetProperty("players").GetProperty(player.ToString()).GetProperty("x").GetDouble();

    [Fact]
    public async Task Two_players_on_one_node_are_matched_joined_and_moved_as_the_sdk_smoke_test_expects()
    {
        var pa = await A.Api.RegisterAsync();
        var pb = await A.Api.RegisterAsync();
        var (ca, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, pa.AccessToken, WsClient.Migrating);
        var (cb, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, pb.AccessToken, WsClient.Migrating);
        await using var __ = ca;
        await using var ___ = cb;

        await ca.SendAsync("matchmaker.add", new { mode = "demo" }, "q1");
        var queued = await ca.ReceiveTypeAsync("matchmaker.queued");
        Assert.Equal("pending", queued.GetProperty("payload").GetProperty("status").GetString());
        await cb.SendAsync("matchmaker.add", new { mode = "demo" });

        var ma = await ca.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10));
        var mb = await cb.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10));
        var matchId = ma.GetProperty("payload").GetProperty("match_id").GetString();
        Assert.Equal(matchId, mb.GetProperty("payload").GetProperty("match_id").GetString());

        // Already on the host: joined by the server, then state frames follow.
        var joined = await ca.ReceiveAsync();
        Assert.Equal("match.joined", joined.GetProperty("type").GetString());
        var first = await ca.ReceiveTypeAsync("match.state");
        var startX = X(first, pa.Id);
        await ca.SendAsync("match.input", new { move_x = 1, move_y = 0 });

        await Eventually.TrueAsync(async () => X(await ca.ReceiveTypeAsync("match.state"), pa.Id) > startX + 10,
            TimeSpan.FromSeconds(3), "x did not grow by more than 10 within 3 s");
    }

    [Fact]
    public async Task A_player_on_another_node_is_told_to_migrate_reconnects_to_the_host_joins_and_plays()
    {
        var pa = await A.Api.RegisterAsync();
        var pb = await B.Api.RegisterAsync();
        var (ca, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, pa.AccessToken, WsClient.Migrating);
        var (cb, _) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, pb.AccessToken, WsClient.Migrating);
        await using var __ = ca;

        await ca.SendAsync("matchmaker.add", new { mode = "demo" });
        await cb.SendAsync("matchmaker.add", new { mode = "demo" });
        var ma = (await ca.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10))).GetProperty("payload");
        var mb = (await cb.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10))).GetProperty("payload");
        Assert.Equal(ma.GetProperty("match_id").GetString(), mb.GetProperty("match_id").GetString());
        var hostUrl = ma.GetProperty("url").GetString()!;

        // Exactly one of them is away from the host; that one gets match.migrate and moves over.
        var (away, awayPlayer, awayNode, home, homePlayer) = hostUrl == A.WsUrl ? (cb, pb, B, ca, pa) : (ca, pa, A, cb, pb);
        var migrate = (await away.ReceiveTypeAsync("match.migrate")).GetProperty("payload");
        Assert.Equal(hostUrl, migrate.GetProperty("url").GetString());
        Assert.NotEqual(awayNode.WsUrl, hostUrl);
        await home.ReceiveTypeAsync("match.joined");

        await away.CloseAsync();
        var (moved, _) = await WsClient.ConnectAndAuthenticateAsync(hostUrl, awayPlayer.AccessToken, WsClient.Migrating);
        await using var ____ = moved;
        await using var _____ = away;
        await moved.SendAsync("match.join", new { match_id = migrate.GetProperty("match_id").GetString() }, "j1");
        var joined = await moved.ReceiveTypeAsync("match.joined");
        Assert.Equal("j1", joined.GetProperty("cid").GetString());
        Assert.Equal(2, joined.GetProperty("payload").GetProperty("player_count").GetInt32());

        var startX = X(await moved.ReceiveTypeAsync("match.state"), awayPlayer.Id);
        await moved.SendAsync("match.input", new { data = new { move_x = -1, move_y = 0 } }); // legacy wrapper
        await Eventually.TrueAsync(async () => X(await moved.ReceiveTypeAsync("match.state"), awayPlayer.Id) < startX - 10 || startX <= 10,
            TimeSpan.FromSeconds(3), "the migrated player did not move");

        // The player at home sees both in the shared state (older frames in its buffer predate the join).
        await Eventually.TrueAsync(async () =>
        {
            var players = (await home.ReceiveTypeAsync("match.state")).GetProperty("payload").GetProperty("players");
            return players.TryGetProperty(awayPlayer.Id.ToString(), out _) && players.TryGetProperty(homePlayer.Id.ToString(), out _);
        }, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_join_sent_to_a_node_that_does_not_host_the_match_is_answered_with_a_redirect()
    {
        var pa = await A.Api.RegisterAsync();
        var pb = await A.Api.RegisterAsync();
        var (ca, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, pa.AccessToken, WsClient.Migrating);
        var (cb, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, pb.AccessToken, WsClient.Migrating);
        await using var __ = ca;
        await using var ___ = cb;
        await ca.SendAsync("matchmaker.add", new { mode = "demo" });
        await cb.SendAsync("matchmaker.add", new { mode = "demo" });
        var matchId = (await ca.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10))).GetProperty("payload").GetProperty("match_id").GetString();

        var (elsewhere, _) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, pa.AccessToken, WsClient.Migrating);
        await using var ____ = elsewhere;
        await elsewhere.SendAsync("match.join", new { match_id = matchId }, "r");
        var reply = await elsewhere.ReceiveAsync();
        while (!reply.TryGetProperty("cid", out _))
        {
            reply = await elsewhere.ReceiveAsync(); // this socket may also get the match's own pushes
        }

        Assert.Equal("match.migrate", reply.GetProperty("type").GetString());
        Assert.Equal(A.WsUrl, reply.GetProperty("payload").GetProperty("url").GetString());

        var live = await B.Api.GetAsync("matches/live", pa.AccessToken);
        Assert.Contains(live.Body.GetProperty("matches").EnumerateArray(), m => m.GetProperty("match_id").GetString() == matchId);
    }

    [Fact]
    public async Task Two_players_without_the_migrate_feature_on_two_nodes_are_matched_and_both_play_without_moving()
    {
        var pa = await A.Api.RegisterAsync();
        var pb = await B.Api.RegisterAsync();
        var (ca, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, pa.AccessToken);
        var (cb, _) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, pb.AccessToken);
        await using var __ = ca;
        await using var ___ = cb;

        await ca.SendAsync("matchmaker.add", new { mode = "demo" });
        await cb.SendAsync("matchmaker.add", new { mode = "demo" });
        foreach (var (socket, player) in new[] { (ca, pa), (cb, pb) })
        {
            // The Erlang SDKs' order on either node: matched, joined, then states; never a migrate.
            var frames = new List<string>();
            JsonElement frame;
            do
            {
                frame = await socket.ReceiveAsync(TimeSpan.FromSeconds(10));
                frames.Add(frame.GetProperty("type").GetString()!);
            }
            while (frames[^1] != "match.state");

            Assert.Equal(["matchmaker.queued", "match.matched", "match.joined", "match.state"], frames);
            var startX = X(frame, player.Id);
            await socket.SendAsync("match.input", new { move_x = startX < 400 ? 1 : -1, move_y = 0 });
            await Eventually.TrueAsync(async () => Math.Abs(X(await socket.ReceiveTypeAsync("match.state"), player.Id) - startX) > 10,
                TimeSpan.FromSeconds(3), "x did not move by more than 10 within 3 s");
        }
    }

    [Fact]
    public async Task A_migrating_player_and_a_relayed_player_on_two_nodes_play_the_same_match()
    {
        // Whichever node hosts, the other player is away from it: once as the migrating one, once as the relayed one.
        var pa = await A.Api.RegisterAsync();
        var pb = await B.Api.RegisterAsync();
        var (ca, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, pa.AccessToken, WsClient.Migrating);
        var (cb, _) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, pb.AccessToken);
        await using var __ = cb;

        await ca.SendAsync("matchmaker.add", new { mode = "demo" });
        await cb.SendAsync("matchmaker.add", new { mode = "demo" });
        var matched = (await ca.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10))).GetProperty("payload");
        var matchId = matched.GetProperty("match_id").GetString()!;
        var playing = ca;
        if (matched.GetProperty("url").GetString() != A.WsUrl)
        {
            var migrate = (await ca.ReceiveTypeAsync("match.migrate")).GetProperty("payload");
            await ca.CloseAsync();
            await ca.DisposeAsync();
            (playing, _) = await WsClient.ConnectAndAuthenticateAsync(migrate.GetProperty("url").GetString()!, pa.AccessToken, WsClient.Migrating);
            await playing.SendAsync("match.join", new { match_id = matchId }, "j");
        }

        await using var ____ = playing;
        await playing.ReceiveTypeAsync("match.joined");
        await cb.ReceiveTypeAsync("match.joined");
        await Eventually.TrueAsync(async () =>
        {
            var players = (await cb.ReceiveTypeAsync("match.state")).GetProperty("payload").GetProperty("players");
            return players.TryGetProperty(pa.Id.ToString(), out _) && players.TryGetProperty(pb.Id.ToString(), out _);
        }, TimeSpan.FromSeconds(5), "the relayed player never saw both players");
        var live = (await A.Api.GetAsync("matches/live", pa.AccessToken)).Body.GetProperty("matches").EnumerateArray()
            .Single(m => m.GetProperty("match_id").GetString() == matchId);
        Assert.Equal("running", live.GetProperty("status").GetString()); // both seats arrived
    }

    [Fact]
    public async Task A_player_told_of_a_match_live_is_not_told_again_when_a_connect_follow_up_finds_the_ticket_untold()
    {
        var pa = await A.Api.RegisterAsync();
        var pb = await A.Api.RegisterAsync();
        var (ca, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, pa.AccessToken);
        var (cb, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, pb.AccessToken);
        await using var __ = ca;
        await using var ___ = cb;
        await ca.SendAsync("matchmaker.add", new { mode = "demo" });
        await cb.SendAsync("matchmaker.add", new { mode = "demo" });
        var matched = (await ca.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10))).GetProperty("payload");
        await ca.ReceiveTypeAsync("match.joined");

        // What the follow-up of a connect a moment before the match formed does when it read the ticket first.
        var announcement = new Asobi.Matchmaking.MatchAnnouncement(
            Guid.Parse(matched.GetProperty("match_id").GetString()!), "demo", matched.GetProperty("node_id").GetString()!,
            matched.GetProperty("url").GetString()!, [pa.Id, pb.Id], []);
        A.Service<Asobi.Node.Matches.MatchService>().Recall(pa.Id, announcement);

        var types = new List<string>();
        var until = DateTime.UtcNow.AddSeconds(1.5);
        while (DateTime.UtcNow < until)
        {
            types.Add((await ca.ReceiveAsync()).GetProperty("type").GetString()!);
        }

        Assert.DoesNotContain("match.matched", types);
        Assert.DoesNotContain("match.joined", types);
        Assert.Contains("match.state", types);
    }
}
