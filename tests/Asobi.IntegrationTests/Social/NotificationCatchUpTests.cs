using System.Text.Json;
using Asobi.IntegrationTests.Support;
using Asobi.Node.Social.Notifications;

namespace Asobi.IntegrationTests.Social;

/// <summary>
/// notification.new travels on the bus; a node whose listener was away pushes the stored notifications and broadcasts
/// it missed when it reconnects, each once, and never repeats one pushed live.
/// </summary>
public sealed class NotificationCatchUpTests(DatabaseFixture db) : TwoNodeTests(db)
{
    [Fact]
    public async Task Notifications_a_node_did_not_hear_reach_its_players_when_its_listener_reconnects_and_only_once()
    {
        var (alice, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await using var bobOnB = await SocialKit.ConnectAsync(B, bob);
        var resyncs = BusListeners.CountResynchronizations(B);
        var ct = CancellationToken.None;
        using var empty = JsonDocument.Parse("{}");

        // Pushed live from node A: reaches bob on node B now, and is not pushed again by the catch-up.
        await A.Service<NotificationService>().SendAsync(bob.Id, "gift", "live", null, ct);
        Assert.Equal("live", Subject(await bobOnB.ReceiveTypeAsync("notification.new")));

        // Stored but never announced, as when node B's listener is away: a notification for bob (and one for alice,
        // who has no socket), a broadcast, and one bob already read.
        var store = A.Service<NotificationStore>();
        var now = DateTimeOffset.UtcNow;
        await store.InsertAsync(Guid.CreateVersion7(), bob.Id, "gift", "missed", "{}", now, ct);
        await store.InsertAsync(Guid.CreateVersion7(), alice.Id, "gift", "not bob's", "{}", now, ct);
        var read = await store.InsertAsync(Guid.CreateVersion7(), bob.Id, "gift", "read already", "{}", now, ct);
        Assert.NotNull(await store.MarkReadAsync(read.Id, bob.Id, ct));
        await store.InsertBroadcastAsync(Guid.CreateVersion7(), "news", "missed broadcast", "{}", ct);

        await BusListeners.TerminateAsync(ConnectionString, A, B);
        var caughtUp = new[] { Subject(await bobOnB.ReceiveTypeAsync("notification.new", TimeSpan.FromSeconds(20))), Subject(await bobOnB.ReceiveTypeAsync("notification.new")) };
        Assert.Equal(["missed", "missed broadcast"], caughtUp.Order());
        await Eventually.TrueAsync(() => Task.FromResult(resyncs.Count >= 1), because: "node B did not resynchronize");
        await ExpectHeartbeatNextAsync(bobOnB);

        // Another reconnect pushes nothing again.
        var before = resyncs.Count;
        await BusListeners.TerminateAsync(ConnectionString, A, B);
        await Eventually.TrueAsync(() => Task.FromResult(resyncs.Count > before), TimeSpan.FromSeconds(20), "node B did not resynchronize again");
        await ExpectHeartbeatNextAsync(bobOnB);
    }

    private static string Subject(JsonElement frame) => frame.GetProperty("payload").GetProperty("subject").GetString()!;

    private static async Task ExpectHeartbeatNextAsync(WsClient client)
    {
        await client.SendAsync("session.heartbeat", new { });
        var next = await client.ReceiveAsync();
        Assert.True(next.Type() == "session.heartbeat", next.ToString());
    }
}
