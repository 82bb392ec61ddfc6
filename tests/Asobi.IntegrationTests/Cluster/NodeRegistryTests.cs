using System.Net;
using Asobi.Cluster;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Cluster;

public sealed class NodeRegistryTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task The_node_lists_itself_with_its_own_socket_url_and_load()
    {
        var node = fixture.Node;
        var player = await node.Api.RegisterAsync();
        var (client, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, player.AccessToken);
        await using var __ = client;
        var nodeId = node.Service<NodeIdentity>().NodeId;

        await Eventually.TrueAsync(async () =>
        {
            var (status, body) = await node.Api.GetAsync("cluster/nodes", player.AccessToken);
            Assert.Equal(HttpStatusCode.OK, status);
            var self = body.GetProperty("nodes").EnumerateArray().SingleOrDefault(n => n.GetProperty("node_id").GetString() == nodeId);
            return self.ValueKind != System.Text.Json.JsonValueKind.Undefined
                && self.GetProperty("url").GetString() == node.WsUrl
                && self.GetProperty("players").GetInt32() >= 1;
        });
    }

    [Fact]
    public async Task Cluster_views_need_a_token()
    {
        var (status, _) = await fixture.Node.Api.GetAsync("cluster/nodes");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task A_row_not_refreshed_within_the_timeout_is_not_listed()
    {
        var store = fixture.Node.Service<NodeRegistryStore>();
        var stale = DateTimeOffset.UtcNow.AddMinutes(-5);
        await store.UpsertAsync(new NodeRecord("ghost-" + Guid.NewGuid().ToString("N")[..6], "ws://ghost/ws", stale, stale, 0, 0, 0), default);
        await using (var conn = new Npgsql.NpgsqlConnection(fixture.ConnectionString))
        {
            await conn.OpenAsync();
            await using var age = new Npgsql.NpgsqlCommand("update cluster_nodes set last_seen = now() - interval '1 minute' where url = 'ws://ghost/ws'", conn);
            await age.ExecuteNonQueryAsync();
        }

        var live = await store.LiveAsync(TimeSpan.FromSeconds(10), default);
        Assert.DoesNotContain(live, n => n.Url == "ws://ghost/ws");
        Assert.Contains(live, n => n.NodeId == fixture.Node.Service<NodeIdentity>().NodeId);
    }
}
