using System.Net;
using Asobi.IntegrationTests.Support;
using Asobi.Node.Social.Presence;
using Npgsql;

namespace Asobi.IntegrationTests.Social;

/// <summary>Presence across two nodes: online while any socket is open anywhere, offline on the last close or a dead node.</summary>
public sealed class PresenceTests(DatabaseFixture db) : TwoNodeTests(db)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Asobi:Cluster:NodeTimeout"] = "00:00:05",
        ["Asobi:Presence:ReconcileInterval"] = "00:00:00.250",
    };

    protected override IDictionary<string, string?>? NodeSettings => Settings;

    [Fact]
    public async Task A_friend_on_another_node_sees_a_player_come_online_and_go_offline_only_when_the_last_socket_closes()
    {
        var (alice, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await SocialKit.BefriendAsync(A, alice, bob);
        await using var bobOnB = await SocialKit.ConnectAsync(B, bob);

        var first = await SocialKit.ConnectAsync(A, alice);
        var online = await bobOnB.ReceiveMatchingAsync("presence.changed", p => p.GetProperty("player_id").GetGuid() == alice.Id);
        Assert.True(online.GetProperty("payload").GetProperty("online").GetBoolean());
        Assert.Equal("online", online.GetProperty("payload").GetProperty("status").GetString());

        // A second socket on the other node: still online, and closing the first one changes nothing.
        var second = await SocialKit.ConnectAsync(B, alice);
        await Eventually.TrueAsync(async () => await RowsAsync(alice.Id) == 2, because: "node B records its socket");
        await first.DisposeAsync();
        await Eventually.TrueAsync(async () => await RowsAsync(alice.Id) == 1, because: "node A forgets its socket");
        await bobOnB.SendAsync("session.heartbeat", new { });
        Assert.Equal("session.heartbeat", (await bobOnB.ReceiveAsync()).Type());

        await second.DisposeAsync();
        var offline = await bobOnB.ReceiveMatchingAsync("presence.changed", p => p.GetProperty("player_id").GetGuid() == alice.Id);
        Assert.False(offline.GetProperty("payload").GetProperty("online").GetBoolean());
        Assert.True(offline.GetProperty("payload").GetProperty("last_seen").GetInt64() > 0);

        var (status, after) = await A.Api.GetAsync("friends", bob.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        var presence = after.GetProperty("friends")[0].GetProperty("presence");
        Assert.False(presence.GetProperty("online").GetBoolean());
        Assert.Equal(offline.GetProperty("payload").GetProperty("last_seen").GetInt64(), presence.GetProperty("last_seen").GetInt64());
    }

    private async Task<long> RowsAsync(Guid player)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM presence_sockets WHERE player_id = $1", conn);
        cmd.Parameters.Add(new() { Value = player });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Friends_read_current_presence_on_connect_and_status_updates_reach_them()
    {
        var (alice, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await SocialKit.BefriendAsync(A, alice, bob);
        await using var aliceOnA = await SocialKit.ConnectAsync(A, alice);
        await Eventually.TrueAsync(async () =>
        {
            var (_, l) = await B.Api.GetAsync("friends", bob.AccessToken);
            return l.GetProperty("friends")[0].GetProperty("presence").GetProperty("online").GetBoolean();
        });

        await using var bobOnB = await SocialKit.ConnectAsync(B, bob);
        var reply = await aliceOnA.RequestAsync("presence.update", new { status = "in a match" });
        Assert.Equal("presence.updated", reply.Type());
        var changed = await bobOnB.ReceiveMatchingAsync("presence.changed", p => p.GetProperty("status").GetString() == "in a match");
        Assert.True(changed.GetProperty("payload").GetProperty("online").GetBoolean());

        Assert.Equal("invalid_message", (await aliceOnA.RequestAsync("presence.update", new { status = new string('x', 65) })).ErrorCode());
    }

    [Fact]
    public async Task Players_of_a_node_that_died_without_a_goodbye_go_offline_once_its_registry_row_expires()
    {
        var (ghost, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await SocialKit.BefriendAsync(A, ghost, bob);
        var deadNode = "node-dead-" + Guid.NewGuid().ToString("N")[..6];

        // What a killed node leaves behind: its registry row and a presence row for its player.
        await using (var conn = new NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            await using var batch = new NpgsqlBatch(conn)
            {
                BatchCommands =
                {
                    new("INSERT INTO cluster_nodes (node_id, url, started_at, last_seen) VALUES ($1, 'ws://dead/ws', now(), now())") { Parameters = { new() { Value = deadNode } } },
                    new("INSERT INTO presence_sockets (node_id, player_id) VALUES ($1, $2)") { Parameters = { new() { Value = deadNode }, new() { Value = ghost.Id } } },
                    new("INSERT INTO player_presence (player_id) VALUES ($1)") { Parameters = { new() { Value = ghost.Id } } },
                },
            };
            await batch.ExecuteNonQueryAsync();
        }

        await Eventually.TrueAsync(async () =>
        {
            var (_, l) = await B.Api.GetAsync("friends", bob.AccessToken);
            return l.GetProperty("friends")[0].GetProperty("presence").GetProperty("online").GetBoolean();
        }, because: "the ghost is online while its node's row is fresh");

        await using var bobOnB = await SocialKit.ConnectAsync(B, bob);
        var offline = await bobOnB.ReceiveMatchingAsync(
            "presence.changed", p => p.GetProperty("player_id").GetGuid() == ghost.Id, TimeSpan.FromSeconds(20));
        Assert.False(offline.GetProperty("payload").GetProperty("online").GetBoolean());
        var (_, list) = await B.Api.GetAsync("friends", bob.AccessToken);
        Assert.False(list.GetProperty("friends")[0].GetProperty("presence").GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task An_announcement_older_than_one_already_delivered_is_dropped()
    {
        var (alice, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await SocialKit.BefriendAsync(A, alice, bob);
        await using var bobOnB = await SocialKit.ConnectAsync(B, bob);
        await using var aliceOnA = await SocialKit.ConnectAsync(A, alice);
        await bobOnB.ReceiveMatchingAsync("presence.changed", p => p.GetProperty("player_id").GetGuid() == alice.Id);

        // What a slower node's earlier write would publish, arriving after the newer one.
        var bus = A.Service<Asobi.Bus.IClusterBus>();
        string Event(long version, string status) =>
            $"{alice.Id:D}:{version}:{bob.Id:D}\n" + System.Text.Encoding.UTF8.GetString(Asobi.Node.Realtime.Envelope.Serialize(
                "presence.changed", new { player_id = alice.Id, online = true, status, last_seen = 1 }));
        await bus.PublishAsync(PresenceService.BusTopic, Event(0, "stale"));
        await bus.PublishAsync(PresenceService.BusTopic, Event(1_000_000, "fresh"));
        var next = await bobOnB.ReceiveMatchingAsync("presence.changed", p => p.GetProperty("player_id").GetGuid() == alice.Id);
        Assert.Equal("fresh", next.GetProperty("payload").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Players_who_are_not_friends_receive_no_presence()
    {
        var (alice, stranger) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await using var s = await SocialKit.ConnectAsync(B, stranger);
        await using var _ = await SocialKit.ConnectAsync(A, alice);
        await using var aliceAgain = await SocialKit.ConnectAsync(A, alice);
        await aliceAgain.RequestAsync("presence.update", new { status = "busy" });

        // Status updates are announced synchronously before presence.updated, so a push would already be queued.
        await Task.Delay(300);
        await s.SendAsync("session.heartbeat", new { });
        Assert.Equal("session.heartbeat", (await s.ReceiveAsync()).Type());
    }
}
