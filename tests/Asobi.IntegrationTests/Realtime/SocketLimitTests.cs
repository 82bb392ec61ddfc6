using System.Net.WebSockets;
using Asobi.IntegrationTests.Support;
using Asobi.Node.Realtime;

namespace Asobi.IntegrationTests.Realtime;

/// <summary>Limits that close sockets; each test runs a node with the limit turned down.</summary>
public sealed class SocketLimitTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task A_socket_that_never_authenticates_is_closed_with_1008()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Asobi:Socket:AuthenticationTimeout"] = "00:00:01",
        });
        await using var client = await WsClient.ConnectAsync(node.WsUrl);
        var (status, reason) = await client.WaitForCloseAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Equal("authentication_timeout", reason);
    }

    [Fact]
    public async Task A_client_that_does_not_read_is_dropped_as_a_slow_consumer()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Asobi:Socket:OutboundQueueCapacity"] = "8",
            // The client drains megabytes before it sees the close; on a loaded machine that can take a while.
            ["Asobi:Socket:CloseTimeout"] = "00:00:30",
        });
        var player = await node.Api.RegisterAsync();
        var (client, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, player.AccessToken);
        await using var __ = client;

        // Push far more than the socket buffers and the queue hold while the client reads nothing.
        var socket = node.Service<LocalSockets>().OfPlayer(player.Id).Single();
        var frame = Envelope.Serialize("test.push", new { filler = new string('x', 60 * 1024) });
        var accepted = 0;
        for (var i = 0; i < 2000 && socket.Send(frame); i++)
        {
            accepted++;
            if (i % 8 == 0)
            {
                await Task.Delay(1);
            }
        }

        Assert.True(accepted < 2000, "the queue never filled");
        Assert.False(socket.Send(frame));
        var (status, reason) = await client.WaitForCloseAsync(TimeSpan.FromSeconds(40));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        Assert.Equal("slow_consumer", reason);

        // Other players are unaffected.
        var other = await node.Api.RegisterAsync();
        var (second, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, other.AccessToken);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task A_graceful_stop_says_going_away_and_leaves_the_registry()
    {
        var node = await NodeHost.StartAsync(db.ConnectionString);
        var player = await node.Api.RegisterAsync();
        var (client, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, player.AccessToken);
        await using var __ = client;
        var nodeId = node.Service<Asobi.Cluster.NodeIdentity>().NodeId;
        var registry = node.Service<Asobi.Cluster.NodeRegistryStore>();
        await Eventually.TrueAsync(async () => (await registry.LiveAsync(TimeSpan.FromSeconds(10), default)).Any(n => n.NodeId == nodeId));

        var closed = client.WaitForCloseAsync(TimeSpan.FromSeconds(15));
        await node.DisposeAsync();
        var (status, reason) = await closed;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        Assert.Equal("going_away", reason);

        await using var conn = new Npgsql.NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select count(*) from cluster_nodes where node_id = $1", conn) { Parameters = { new() { Value = nodeId } } };
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync())!);
    }
}
