using System.Net;
using Asobi.IntegrationTests.Social;
using Asobi.IntegrationTests.Support;
using Npgsql;

namespace Asobi.IntegrationTests.Cluster;

/// <summary>History reads take the read-replica connection string when one is configured.</summary>
public sealed class ReadReplicaTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Chat_history_is_read_through_the_replica_connection()
    {
        // A stand-in replica: the same database under its own application name, so its connections can be told apart.
        var replicaName = "asobi-read-" + Guid.NewGuid().ToString("N")[..6];
        await using var node = await NodeHost.StartAsync(db.ConnectionString, new Dictionary<string, string?>
        {
            ["ConnectionStrings:asobi-read"] = db.ConnectionString + $";Application Name={replicaName}",
        });
        var player = await node.Api.RegisterAsync();
        await using var socket = await SocialKit.ConnectAsync(node, player);
        const string channel = "global:replica-test";
        await socket.JoinAsync(channel);
        Assert.Equal("chat.sent", (await socket.RequestAsync("chat.send", new { channel_id = channel, content = "hello" })).Type());

        var (status, body) = await node.Api.GetAsync($"chat/{channel}/history", player.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("hello", body.ToString(), StringComparison.Ordinal);

        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", conn)
        {
            Parameters = { new() { Value = replicaName } },
        };
        Assert.True((long)(await cmd.ExecuteScalarAsync())! >= 1, "no connection was opened through the replica connection string");
    }
}
