using Asobi.IntegrationTests.Support;
using Asobi.Node.Social.Presence;
using Npgsql;

namespace Asobi.IntegrationTests.Social;

/// <summary>
/// presence.changed travels on the bus; a node whose listener was away catches up from the stored presence when it
/// reconnects, once per version.
/// </summary>
public sealed class PresenceCatchUpTests(DatabaseFixture db) : TwoNodeTests(db)
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_presence_change_a_node_did_not_hear_reaches_friends_there_when_its_listener_reconnects_and_only_once()
    {
        var (alice, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await SocialKit.BefriendAsync(A, alice, bob);
        await using var bobOnB = await SocialKit.ConnectAsync(B, bob);
        await using var aliceOnA = await SocialKit.ConnectAsync(A, alice);
        await bobOnB.ReceiveMatchingAsync("presence.changed", p => p.GetProperty("player_id").GetGuid() == alice.Id && p.GetProperty("online").GetBoolean());
        var resyncs = BusListeners.CountResynchronizations(B);

        // A write whose announcement node B never hears: stored, not published (as when B's listener is away).
        Assert.NotNull(await A.Service<PresenceStore>().SetStatusAsync(alice.Id, "away", CancellationToken.None));
        await BusListeners.TerminateAsync(ConnectionString, A, B);

        var caughtUp = await bobOnB.ReceiveMatchingAsync("presence.changed", p => p.GetProperty("player_id").GetGuid() == alice.Id, TimeSpan.FromSeconds(20));
        Assert.Equal("away", caughtUp.GetProperty("payload").GetProperty("status").GetString());
        Assert.True(caughtUp.GetProperty("payload").GetProperty("online").GetBoolean());
        await Eventually.TrueAsync(() => Task.FromResult(resyncs.Count >= 1), because: "node B did not resynchronize");

        // Another reconnect finds nothing newer than what B delivered: the next frame answers B's own heartbeat.
        var before = resyncs.Count;
        await BusListeners.TerminateAsync(ConnectionString, A, B);
        await Eventually.TrueAsync(() => Task.FromResult(resyncs.Count > before), TimeSpan.FromSeconds(20), "node B did not resynchronize again");
        await bobOnB.SendAsync("session.heartbeat", new { });
        var next = await bobOnB.ReceiveAsync();
        Assert.True(next.Type() == "session.heartbeat", next.ToString());
    }

    [Fact]
    public async Task The_store_reads_only_accepted_friends_of_the_given_players_changed_since_then_oldest_first()
    {
        var store = A.Service<PresenceStore>();
        var ct = CancellationToken.None;
        var x = await A.Api.RegisterAsync();
        var (p, q, r, pending) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync(), await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await SocialKit.BefriendAsync(A, p, x);
        await SocialKit.BefriendAsync(A, r, x);
        Assert.Equal(System.Net.HttpStatusCode.Created, (await A.Api.PostAsync("friends", new { friend_id = x.Id }, pending.AccessToken)).Status);

        // Presence written on a node that is not in the registry: stored, and offline.
        await TouchAsync(store, r.Id);
        var since = await DatabaseNowAsync();
        foreach (var player in new[] { p.Id, q.Id, pending.Id })
        {
            await TouchAsync(store, player);
        }

        var changed = Assert.Single(await store.FriendsChangedSinceAsync(since, [x.Id], NodeTimeout, 100, ct));
        Assert.Equal(p.Id, changed.PlayerId);
        Assert.Equal([x.Id], changed.Friends);
        Assert.False(changed.Online);
        Assert.Equal("online", changed.Status);
        Assert.True(changed.Version >= 2);

        // Oldest change first, and the limit holds.
        var first = Assert.Single(await store.FriendsChangedSinceAsync(since.AddMinutes(-1), [x.Id], NodeTimeout, 1, ct));
        Assert.Equal(r.Id, first.PlayerId);
        Assert.Empty(await store.FriendsChangedSinceAsync(since, [q.Id], NodeTimeout, 100, ct));

        // A socket on a live node makes the friend online.
        await using var pOnA = await SocialKit.ConnectAsync(A, p);
        await Eventually.TrueAsync(async () =>
            (await store.FriendsChangedSinceAsync(since, [x.Id], NodeTimeout, 100, ct)).SingleOrDefault() is { Online: true });
    }

    private static async Task TouchAsync(PresenceStore store, Guid player)
    {
        await store.ConnectAsync(player, "not-a-node", NodeTimeout, CancellationToken.None);
        await store.DisconnectAsync(player, "not-a-node", NodeTimeout, CancellationToken.None);
    }

    private async Task<DateTimeOffset> DatabaseNowAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT clock_timestamp()", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetFieldValue<DateTimeOffset>(0);
    }
}
