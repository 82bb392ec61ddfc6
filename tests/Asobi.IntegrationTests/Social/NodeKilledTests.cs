using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Social;

/// <summary>A node process killed with SIGKILL: its players go offline for their friends once its registry row expires.</summary>
public sealed class NodeKilledTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Asobi:Cluster:NodeTimeout"] = "00:00:04",
        ["Asobi:Cluster:HeartbeatInterval"] = "00:00:00.500",
        ["Asobi:Presence:ReconcileInterval"] = "00:00:00.250",
        ["Asobi:Auth:RegisterPerMinute"] = "100000",
    };

    [Fact]
    public async Task A_player_on_a_killed_node_goes_offline_for_a_friend_on_a_surviving_node()
    {
        await using var survivor = await NodeHost.StartAsync(db.ConnectionString, Settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value));
        using var doomed = await ChildNode.StartAsync(db.ConnectionString, Settings);
        var (alice, bob) = (await survivor.Api.RegisterAsync(), await survivor.Api.RegisterAsync());
        await SocialKit.BefriendAsync(survivor, alice, bob);
        await using var bobOnSurvivor = await SocialKit.ConnectAsync(survivor, bob);

        var (aliceOnDoomed, _) = await WsClient.ConnectAndAuthenticateAsync(doomed.WsUrl, alice.AccessToken);
        await using var _ = aliceOnDoomed;
        var online = await bobOnSurvivor.ReceiveMatchingAsync("presence.changed", p => p.GetProperty("player_id").GetGuid() == alice.Id);
        Assert.True(online.GetProperty("payload").GetProperty("online").GetBoolean());

        doomed.Kill();
        var offline = await bobOnSurvivor.ReceiveMatchingAsync(
            "presence.changed", p => p.GetProperty("player_id").GetGuid() == alice.Id, TimeSpan.FromSeconds(25));
        Assert.False(offline.GetProperty("payload").GetProperty("online").GetBoolean());
        var (_, friends) = await survivor.Api.GetAsync("friends", bob.AccessToken);
        Assert.False(friends.GetProperty("friends")[0].GetProperty("presence").GetProperty("online").GetBoolean());
    }
}
