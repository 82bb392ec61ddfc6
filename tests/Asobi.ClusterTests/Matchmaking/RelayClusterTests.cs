using System.Text.Json;
using Asobi.Testing;

namespace Asobi.ClusterTests.Matchmaking;

/// <summary>
/// The SDK smoke flow through the load-balanced entry point of three replicas, played by clients that ignore
/// <c>match.migrate</c> as the Erlang Asobi SDKs do: wherever the entry point puts them, both play the match.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RelayClusterTests(ClusterFixture cluster)
{
    private string EntryWs => new UriBuilder(cluster.EntryPoint) { Scheme = "ws", Path = "/ws" }.Uri.ToString();

    private static JsonElement Payload(JsonElement frame) => frame.GetProperty("payload");

    [Fact]
    public async Task Twenty_demo_matches_of_two_migration_unaware_clients_through_the_entry_point_all_play_with_both_seats_filled()
    {
        var api = new AsobiApiClient(cluster.Http);
        var nodesUsed = new HashSet<string>();
        for (var run = 0; run < 20; run++)
        {
            var pa = await api.RegisterAsync();
            var pb = await api.RegisterAsync();
            var (ca, connectedA) = await WsClient.ConnectAndAuthenticateAsync(EntryWs, pa.AccessToken);
            var (cb, connectedB) = await WsClient.ConnectAndAuthenticateAsync(EntryWs, pb.AccessToken);
            await using var ownA = ca;
            await using var ownB = cb;
            var (nodeA, nodeB) = (connectedA.GetProperty("node_id").GetString()!, connectedB.GetProperty("node_id").GetString()!);

            await ca.SendAsync("matchmaker.add", new { mode = "demo" });
            await cb.SendAsync("matchmaker.add", new { mode = "demo" });
            var ma = Payload(await ca.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10)));
            var mb = Payload(await cb.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10)));
            var matchId = ma.GetProperty("match_id").GetString();
            Assert.Equal(matchId, mb.GetProperty("match_id").GetString());
            var host = ma.GetProperty("node_id").GetString()!;
            nodesUsed.Add(nodeA == host && nodeB == host ? "same" : "split");

            // Both: match.joined, then states that show both players (both seats arrived), with no migrate before.
            foreach (var (socket, who) in new[] { (ca, "A"), (cb, "B") })
            {
                var frame = await socket.ReceiveAsync(TimeSpan.FromSeconds(10));
                while (frame.GetProperty("type").GetString() != "match.joined")
                {
                    Assert.NotEqual("match.migrate", frame.GetProperty("type").GetString());
                    frame = await socket.ReceiveAsync(TimeSpan.FromSeconds(10));
                }

                await Eventually.TrueAsync(async () =>
                {
                    var players = Payload(await socket.ReceiveTypeAsync("match.state")).GetProperty("players");
                    return players.TryGetProperty(pa.Id.ToString(), out _) && players.TryGetProperty(pb.Id.ToString(), out _);
                }, TimeSpan.FromSeconds(5), $"run {run}: player {who} (node {(who == "A" ? nodeA : nodeB)}, host {host}) never saw both seats filled");
            }

            // The SDK's check, for player A: move_x = 1 grows x by more than 10 within 3 s.
            var startX = X(await ca.ReceiveTypeAsync("match.state"), pa.Id);
            await ca.SendAsync("match.input", new { move_x = 1, move_y = 0 });
            await Eventually.TrueAsync(async () => X(await ca.ReceiveTypeAsync("match.state"), pa.Id) > startX + 10,
                TimeSpan.FromSeconds(3), $"run {run}: player A's x did not grow (node {nodeA}, host {host})");
            await Eventually.TrueAsync(async () => X(await cb.ReceiveTypeAsync("match.state"), pa.Id) > startX + 10,
                TimeSpan.FromSeconds(3), $"run {run}: player B did not see A move (node {nodeB}, host {host})");

            var (_, record) = await api.GetAsync($"matches/{matchId}", pa.AccessToken);
            Assert.Equal(2, record.GetProperty("players").GetArrayLength());
            var (_, live) = await api.GetAsync("matches/live?mode=demo", pa.AccessToken);
            Assert.Contains(live.GetProperty("matches").EnumerateArray(), m => m.GetProperty("match_id").GetString() == matchId);

            // Leave, so the match ends now instead of ticking on through the seat grace under the tests that follow.
            await ca.SendAsync("match.leave", new { }, "l");
            await cb.SendAsync("match.leave", new { }, "l");
            await ca.ReceiveTypeAsync("match.left");
            await cb.ReceiveTypeAsync("match.left");
        }

        // Round robin over three replicas puts the two players of some runs on different nodes.
        Assert.Contains("split", nodesUsed);
    }

    [Fact]
    public async Task A_migrating_client_and_an_unaware_client_on_different_replicas_play_one_match()
    {
        var api = new AsobiApiClient(cluster.Http);
        List<string> urls = [];
        var pa = await api.RegisterAsync();
        var pb = await api.RegisterAsync();
        await Eventually.TrueAsync(async () =>
        {
            var (_, nodes) = await api.GetAsync("cluster/nodes", pa.AccessToken);
            urls = [.. nodes.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("url").GetString()!).Order()];
            return urls.Count == ClusterFixture.NodeCount;
        }, TimeSpan.FromSeconds(30));

        var (aware, _) = await WsClient.ConnectAndAuthenticateAsync(urls[0], pa.AccessToken, WsClient.Migrating);
        var (unaware, _) = await WsClient.ConnectAndAuthenticateAsync(urls[1], pb.AccessToken);
        await using var __ = unaware;
        await aware.SendAsync("matchmaker.add", new { mode = "demo" });
        await unaware.SendAsync("matchmaker.add", new { mode = "demo" });
        var matched = Payload(await aware.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10)));
        var matchId = matched.GetProperty("match_id").GetString()!;
        var playing = aware;
        if (matched.GetProperty("url").GetString() != urls[0])
        {
            var migrate = Payload(await aware.ReceiveTypeAsync("match.migrate"));
            await aware.CloseAsync();
            await aware.DisposeAsync();
            (playing, _) = await WsClient.ConnectAndAuthenticateAsync(migrate.GetProperty("url").GetString()!, pa.AccessToken, WsClient.Migrating);
            await playing.SendAsync("match.join", new { match_id = matchId }, "j");
        }

        await using var ___ = playing;
        await playing.ReceiveTypeAsync("match.joined");
        await unaware.ReceiveTypeAsync("match.joined");
        var startX = X(await unaware.ReceiveTypeAsync("match.state"), pb.Id);
        await unaware.SendAsync("match.input", new { move_x = startX < 400 ? 1 : -1, move_y = 0 });
        await Eventually.TrueAsync(async () => Math.Abs(X(await playing.ReceiveTypeAsync("match.state"), pb.Id) - startX) > 10,
            TimeSpan.FromSeconds(3), "the migrated player never saw the unaware one move");
        var (_, record) = await api.GetAsync($"matches/{matchId}", pa.AccessToken);
        Assert.Equal(2, record.GetProperty("players").GetArrayLength());
        await playing.SendAsync("match.leave", new { }, "l");
        await unaware.SendAsync("match.leave", new { }, "l");
        await unaware.ReceiveTypeAsync("match.left");
    }

    private static double X(JsonElement state, Guid player) =>
        Payload(state).GetProperty("players").TryGetProperty(player.ToString(), out var p) ? p.GetProperty("x").GetDouble() : double.NaN;
}
