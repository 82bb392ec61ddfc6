using System.Text.Json;
using Asobi.Testing;

namespace Asobi.ClusterTests.Matchmaking;

/// <summary>The real matchmaker processes (two instances) forming a match across two node replicas.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MatchmakingClusterTests(ClusterFixture cluster)
{
    private static double X(JsonElement state, Guid player) =>
        state.GetProperty("payload").GetProperty("players").GetProperty(player.ToString()).GetProperty("x").GetDouble();

    [Fact]
    public async Task Exactly_one_of_the_two_matchmaker_instances_leads_and_the_nodes_say_which()
    {
        var player = await new AsobiApiClient(cluster.Http).RegisterAsync();
        var api = new AsobiApiClient(cluster.Http);
        await Eventually.TrueAsync(async () =>
        {
            var (_, view) = await api.GetAsync("cluster/matchmaker", player.AccessToken);
            var instances = view.GetProperty("instances").EnumerateArray().ToList();
            return instances.Count == ClusterFixture.MatchmakerCount
                && instances.Count(i => i.GetProperty("leader").GetBoolean()) == 1
                && view.GetProperty("leader").ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(20), "the cluster view never showed two instances with one leader");
    }

    [Fact]
    public async Task Players_on_two_replicas_are_matched_and_the_one_away_from_the_host_migrates_and_plays()
    {
        var api = new AsobiApiClient(cluster.Http);
        var pa = await api.RegisterAsync();
        var pb = await api.RegisterAsync();
        List<string> urls = [];
        await Eventually.TrueAsync(async () =>
        {
            var (_, nodes) = await api.GetAsync("cluster/nodes", pa.AccessToken);
            urls = [.. nodes.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("url").GetString()!).Order()];
            return urls.Count == ClusterFixture.NodeCount;
        }, TimeSpan.FromSeconds(30));
        var (ca, _) = await WsClient.ConnectAndAuthenticateAsync(urls[0], pa.AccessToken, WsClient.Migrating);
        var (cb, _) = await WsClient.ConnectAndAuthenticateAsync(urls[1], pb.AccessToken, WsClient.Migrating);
        await using var __ = ca;

        await ca.SendAsync("matchmaker.add", new { mode = "demo" });
        await cb.SendAsync("matchmaker.add", new { mode = "demo" });
        var ma = (await ca.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10))).GetProperty("payload");
        var mb = (await cb.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10))).GetProperty("payload");
        var matchId = ma.GetProperty("match_id").GetString();
        Assert.Equal(matchId, mb.GetProperty("match_id").GetString());
        var host = ma.GetProperty("url").GetString()!;

        var (away, player) = host == urls[0] ? (cb, pb) : (ca, pa);
        var migrate = (await away.ReceiveTypeAsync("match.migrate")).GetProperty("payload");
        await away.CloseAsync();
        await away.DisposeAsync();
        var (moved, _) = await WsClient.ConnectAndAuthenticateAsync(migrate.GetProperty("url").GetString()!, player.AccessToken, WsClient.Migrating);
        await using var ___ = moved;
        await using var ____ = cb;
        await moved.SendAsync("match.join", new { match_id = matchId }, "j");
        await moved.ReceiveTypeAsync("match.joined");
        var startX = X(await moved.ReceiveTypeAsync("match.state"), player.Id);
        await moved.SendAsync("match.input", new { move_x = startX < 400 ? 1 : -1, move_y = 0 });
        await Eventually.TrueAsync(async () => Math.Abs(X(await moved.ReceiveTypeAsync("match.state"), player.Id) - startX) > 10,
            TimeSpan.FromSeconds(3), "the migrated player did not move");

        var (_, record) = await api.GetAsync($"matches/{matchId}", pa.AccessToken);
        Assert.Equal("running", record.GetProperty("status").GetString());
    }
}
