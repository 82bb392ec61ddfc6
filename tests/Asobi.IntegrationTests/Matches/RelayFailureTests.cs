using Asobi.IntegrationTests.Social;
using Asobi.IntegrationTests.Support;
using static Asobi.IntegrationTests.Matches.RelayTests;

namespace Asobi.IntegrationTests.Matches;

/// <summary>
/// Relayed matches when a node dies without a goodbye (SIGKILL): the host, or the node relaying a player. Node death
/// is read from the registry, so these run with a short node timeout.
/// </summary>
public sealed class RelayFailureTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Asobi:Cluster:NodeTimeout"] = "00:00:03",
        ["Asobi:Cluster:HeartbeatInterval"] = "00:00:00.500",
        ["Asobi:Auth:RegisterPerMinute"] = "100000",
        ["Asobi:Auth:LoginPerMinute"] = "100000",
    };

    private static Dictionary<string, string?> NodeSettings => Settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);

    [Fact]
    public async Task Relayed_players_of_a_killed_host_are_told_the_match_ended_host_lost_and_a_rejoin_is_refused_as_aborted()
    {
        await using var relay = await NodeHost.StartAsync(db.ConnectionString, NodeSettings);
        using var doomed = await ChildNode.StartAsync(db.ConnectionString, Settings);
        var api = relay.Api;
        var owner = await api.RegisterAsync();
        var (onHost, _) = await WsClient.ConnectAndAuthenticateAsync(doomed.WsUrl, owner.AccessToken);
        await using var _ = onHost;
        await onHost.SendAsync("match.find_or_create", new { mode = "demo" }, "f");
        var matchId = Payload(await onHost.ReceiveTypeAsync("match.joined")).GetProperty("match_id").GetString()!;

        var guest = await api.RegisterAsync();
        var (relayed, _) = await WsClient.ConnectAndAuthenticateAsync(relay.WsUrl, guest.AccessToken);
        await using var __ = relayed;
        await relayed.SendAsync("match.join", new { match_id = matchId }, "j");
        await relayed.ReceiveTypeAsync("match.joined");
        await relayed.ReceiveTypeAsync("match.state");

        doomed.Kill();
        var finished = await relayed.ReceiveTypeAsync("match.finished", TimeSpan.FromSeconds(20));
        Assert.Equal(matchId, Payload(finished).GetProperty("match_id").GetString());
        Assert.Equal("host_lost", Payload(finished).GetProperty("result").GetProperty("reason").GetString());
        Assert.Null(relay.Service<Asobi.Node.Matches.Relay.RelaySeats>().SeatOf(guest.Id));

        await relayed.SendAsync("match.input", new { move_x = 1, move_y = 0 }, "i");
        Assert.Equal("match.not_in_match", Code(await ReplyAsync(relayed, "i")));
        await relayed.SendAsync("match.join", new { match_id = matchId }, "again");
        Assert.Equal("match.aborted", Code(await ReplyAsync(relayed, "again")));
    }

    [Fact]
    public async Task A_player_whose_relaying_node_is_killed_keeps_the_seat_for_the_grace_and_rejoins_from_a_third_node()
    {
        await using var host = await NodeHost.StartAsync(db.ConnectionString, NodeSettings);
        await using var third = await NodeHost.StartAsync(db.ConnectionString, NodeSettings);
        using var doomed = await ChildNode.StartAsync(db.ConnectionString, Settings);
        var (owner, onHost, matchId) = await HostAsync(host, "demo");
        await using var _ = onHost;

        var guest = await host.Api.RegisterAsync();
        var (relayed, _) = await WsClient.ConnectAndAuthenticateAsync(doomed.WsUrl, guest.AccessToken);
        await using var __ = relayed;
        await relayed.SendAsync("match.join", new { match_id = matchId }, "j");
        await relayed.ReceiveTypeAsync("match.joined");
        var match = host.Service<Asobi.Node.Matches.MatchDirectory>().Get(Guid.Parse(matchId))!;
        Assert.True(match.IsConnected(guest.Id));

        doomed.Kill();
        await Eventually.TrueAsync(() => Task.FromResult(!match.IsConnected(guest.Id)), TimeSpan.FromSeconds(20),
            "the host never noticed the relaying node die");
        Assert.True(match.HasSeat(guest.Id)); // held for the grace
        Assert.False(match.IsFinished);

        var (back, _) = await WsClient.ConnectAndAuthenticateAsync(third.WsUrl, guest.AccessToken);
        await using var ___ = back;
        await back.SendAsync("match.join", new { match_id = matchId }, "again");
        var joined = await ReplyAsync(back, "again");
        Assert.Equal("match.joined", Type(joined));
        Assert.Equal(2, Payload(joined).GetProperty("player_count").GetInt32());
        Assert.True(match.IsConnected(guest.Id));
        var startX = X(await back.ReceiveTypeAsync("match.state"), guest.Id);
        await back.SendAsync("match.input", new { move_x = startX < 400 ? 1 : -1, move_y = 0 });
        await Eventually.TrueAsync(async () => Math.Abs(X(await back.ReceiveTypeAsync("match.state"), guest.Id) - startX) > 10,
            TimeSpan.FromSeconds(3), "the player rejoined from the third node did not move");
        Assert.True(match.HasSeat(owner.Id));
    }
}
