using System.Text.Json;
using Asobi.Client;
using Asobi.Client.Realtime;
using Asobi.IntegrationTests.Matchmaking;
using Asobi.IntegrationTests.Support;
using Asobi.Matchmaker;

namespace Asobi.IntegrationTests.Client;

/// <summary>The C# SDK against two real nodes and a matchmaker: the demo flow with transparent migration, and errors.</summary>
public sealed class SdkMatchTests(DatabaseFixture db) : TwoNodeTests(db)
{
    private MatchmakerLeader leader = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        leader = await MatchmakerInstance.StartAsync(A, ConnectionString, "mm-sdk");
    }

    public override async Task DisposeAsync()
    {
        await leader.StopAsync();
        await base.DisposeAsync();
    }

    internal static async Task<(AsobiClient Client, AsobiSocket Socket, SocketRecorder Events)> SignedInSocketAsync(Uri server)
    {
        var client = new AsobiClient(server);
        await client.Accounts.RegisterAsync("sdk" + Guid.NewGuid().ToString("N")[..12], "sdk-password-123");
        var socket = client.CreateSocket();
        var events = new SocketRecorder(socket);
        await socket.ConnectAsync();
        return (client, socket, events);
    }

    private static double X(JsonElement state, Guid player) =>
        state.GetProperty("players").GetProperty(player.ToString()).GetProperty("x").GetDouble();

    [Fact]
    public async Task Two_sdk_clients_on_different_nodes_play_demo_and_the_one_away_from_the_host_follows_the_match_without_game_code()
    {
        var (ca, sa, ea) = await SignedInSocketAsync(A.BaseUri);
        var (cb, sb, eb) = await SignedInSocketAsync(B.BaseUri);
        using var ownCa = ca;
        using var ownCb = cb;
        await using var ownSa = sa;
        await using var ownSb = sb;
        var nodeA = sa.NodeId;
        var nodeB = sb.NodeId;
        Assert.NotEqual(nodeA, nodeB);

        var queued = await sa.AddToMatchmakerAsync("demo");
        Assert.Equal("pending", queued.Status);
        await sb.AddToMatchmakerAsync("demo");

        // Both see match.matched, then match.joined and state frames; the SDK moved one of them to the host.
        var matched = AsobiJson.Read<MatchMatched>(await ea.WaitForAsync("match.matched", within: TimeSpan.FromSeconds(15)));
        var joinedA = AsobiJson.Read<MatchJoined>(await ea.WaitForAsync("match.joined"));
        var joinedB = AsobiJson.Read<MatchJoined>(await eb.WaitForAsync("match.joined"));
        Assert.Equal(matched.MatchId, joinedA.MatchId);
        Assert.Equal(matched.MatchId, joinedB.MatchId);
        Assert.Equal(matched.NodeId, sa.NodeId);
        Assert.Equal(matched.NodeId, sb.NodeId);
        var (mover, moverEvents, moverClient, from) = matched.NodeId == nodeA ? (sb, eb, cb, nodeB) : (sa, ea, ca, nodeA);
        var migration = Assert.Single(moverEvents.Migrations);
        Assert.Equal(matched.MatchId, migration.MatchId);
        Assert.Equal(from, migration.FromNodeId);
        Assert.Equal(matched.NodeId, migration.ToNodeId);
        Assert.Empty(moverEvents.Disconnects); // a migration is not a lost connection
        Assert.Equal(matched.MatchId, mover.MatchId);

        // The moved player plays as if it had been on the host all along.
        var me = moverClient.Session!.PlayerId;
        var start = X(await moverEvents.WaitForAsync("match.state", s => s.GetProperty("players").TryGetProperty(me.ToString(), out _)), me);
        mover.SendMatchInput(new { move_x = start > 400 ? -1 : 1, move_y = 0 });
        await moverEvents.WaitForAsync("match.state", s => Math.Abs(X(s, me) - start) > 10, TimeSpan.FromSeconds(3));
        Assert.Empty(moverEvents.Errors);

        // The match is live with both seats on one host.
        var live = await ca.Matches.ListLiveAsync();
        var match = Assert.Single(live.Matches, m => m.MatchId == matched.MatchId);
        Assert.Equal(2, match.PlayerCount);
    }

    [Fact]
    public async Task Joining_a_match_by_id_on_another_node_migrates_inside_the_call_and_returns_the_hosts_answer()
    {
        var (ca, sa, _) = await SignedInSocketAsync(A.BaseUri);
        var (cb, sb, eb) = await SignedInSocketAsync(B.BaseUri);
        using var _1 = ca;
        using var _2 = cb;
        await using var _3 = sa;
        await using var _4 = sb;

        var created = await sa.FindOrCreateMatchAsync("tictactoe");
        Assert.Equal(sa.NodeId, created.NodeId);

        var joined = await sb.JoinMatchAsync(created.MatchId);
        Assert.Equal(created.MatchId, joined.MatchId);
        Assert.Equal(2, joined.PlayerCount);
        Assert.Equal(created.NodeId, sb.NodeId);
        Assert.Single(eb.Migrations);
    }

    [Fact]
    public async Task Server_refusals_surface_as_exceptions_with_the_servers_code_and_the_socket_stays_usable()
    {
        var (client, socket, events) = await SignedInSocketAsync(A.BaseUri);
        using var _ = client;
        await using var __ = socket;

        var missing = await Assert.ThrowsAsync<AsobiSocketException>(() => socket.JoinMatchAsync(Guid.NewGuid()));
        Assert.Equal("match.not_found", missing.Code);
        Assert.False(missing.IsClientError);

        await socket.JoinChatAsync("global:sdk-errors");
        var tooLong = await Assert.ThrowsAsync<AsobiSocketException>(() => socket.SendChatAsync("global:sdk-errors", new string('x', 2001)));
        Assert.Equal("chat.content_too_large", tooLong.Code);

        var unknown = await Assert.ThrowsAsync<AsobiSocketException>(() => socket.RequestAsync("nope.nothing"));
        Assert.Equal("unknown_type", unknown.Code);

        Assert.True(await socket.HeartbeatAsync() > 0);
        Assert.Empty(events.Disconnects);
    }
}
