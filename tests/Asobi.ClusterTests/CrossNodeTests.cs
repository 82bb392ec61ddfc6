using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using Asobi.Testing;

namespace Asobi.ClusterTests;

/// <summary>Players on different replicas of the running cluster, reached by the URLs the nodes registered.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CrossNodeTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_player_registered_through_the_entry_point_connects_to_two_nodes_by_their_registered_urls()
    {
        var player = await new AsobiApiClient(cluster.Http).RegisterAsync();
        var urls = await RegisteredUrlsAsync(player.AccessToken);
        Assert.Equal(cluster.Nodes.Select(n => $"ws://{n.Url.Host}:{n.Url.Port}/ws").Order(), urls.Order());

        var (first, onFirst) = await WsClient.ConnectAndAuthenticateAsync(urls[0], player.AccessToken);
        var (second, onSecond) = await WsClient.ConnectAndAuthenticateAsync(urls[1], player.AccessToken);
        await using var _ = first;
        await using var __ = second;
        Assert.Equal(player.Id, onFirst.GetProperty("player_id").GetGuid());
        Assert.Equal(player.Id, onSecond.GetProperty("player_id").GetGuid());
        Assert.NotEqual(onFirst.GetProperty("node_id").GetString(), onSecond.GetProperty("node_id").GetString());
    }

    [Fact]
    public async Task Logout_on_node_A_closes_the_socket_on_node_B_within_a_second()
    {
        var player = await new AsobiApiClient(cluster.Http).RegisterAsync();
        await AssertLogoutTravelsAsync(player);
    }

    [Fact]
    public async Task Revocations_still_travel_after_PostgreSQL_restarts_under_the_listeners()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var player = await new AsobiApiClient(cluster.Http).RegisterAsync();

        await cluster.StopPostgresAsync(cts.Token);
        await cluster.StartPostgresAsync(cts.Token);

        // Every node's bus listener reconnects (health goes back from Degraded to Healthy) ...
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var node in cluster.Nodes)
        {
            await Eventually.TrueAsync(async () => await http.GetStringAsync(new Uri(node.Url, "/health"), cts.Token) == "Healthy",
                TimeSpan.FromSeconds(60), $"{node.ResourceId} did not report Healthy after the restart");
        }

        // ... and an event published afterwards reaches the other node.
        await AssertLogoutTravelsAsync(player);
    }

    private async Task AssertLogoutTravelsAsync(Player player)
    {
        var urls = await RegisteredUrlsAsync(player.AccessToken);
        var (onB, _) = await WsClient.ConnectAndAuthenticateAsync(urls[1], player.AccessToken);
        await using var _ = onB;
        var closed = onB.WaitForCloseAsync(TimeSpan.FromSeconds(5));

        using var nodeA = new HttpClient { BaseAddress = HttpBase(urls[0]) };
        var (status, _) = await new AsobiApiClient(nodeA).PostAsync("auth/logout", new { }, player.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);

        // The revocation is committed when logout answers; from then node B has a second to close the socket
        // (usually it already has: the bus is faster than the HTTP response).
        var afterLogout = Stopwatch.StartNew();
        var (closeStatus, reason) = await closed;
        var elapsed = afterLogout.Elapsed;

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, closeStatus);
        Assert.Equal("session_revoked", reason);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"node B closed the socket {elapsed.TotalMilliseconds:F0} ms after logout answered");
    }

    private async Task<List<string>> RegisteredUrlsAsync(string token)
    {
        var api = new AsobiApiClient(cluster.Http);
        List<string> urls = [];
        await Eventually.TrueAsync(async () =>
        {
            var (status, body) = await api.GetAsync("cluster/nodes", token);
            urls = status == HttpStatusCode.OK
                ? [.. body.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("url").GetString()!)]
                : [];
            return urls.Count == ClusterFixture.NodeCount;
        }, TimeSpan.FromSeconds(30));
        return urls;
    }

    private static Uri HttpBase(string wsUrl) => new UriBuilder(wsUrl) { Scheme = "http", Path = "/" }.Uri;
}
