using System.Net;
using System.Text.Json;
using Asobi.Testing;

namespace Asobi.ClusterTests.Social;

/// <summary>Chat, DMs and notifications with players on the three replicas of the running cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SocialClusterTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_channel_message_reaches_members_on_all_three_nodes_exactly_once_and_in_order()
    {
        var urls = await UrlsAsync();
        var api = new AsobiApiClient(cluster.Http);
        var channel = "global:cluster" + Guid.NewGuid().ToString("N")[..8];
        var sockets = new List<WsClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var player = await api.RegisterAsync();
                var (socket, _) = await WsClient.ConnectAndAuthenticateAsync(urls[i], player.AccessToken);
                sockets.Add(socket);
                await socket.SendAsync("chat.join", new { channel_id = channel }, "join");
                Assert.Equal("chat.joined", (await socket.ReceiveTypeAsync("chat.joined")).GetProperty("type").GetString());
            }

            // Within the default per-player burst (10 messages), so none is rate limited.
            const int count = 9;
            for (var i = 0; i < count; i++)
            {
                await sockets[0].SendAsync("chat.send", new { channel_id = channel, content = $"m{i}" });
            }

            await sockets[0].SendAsync("chat.send", new { channel_id = channel, content = "end" });
            foreach (var socket in sockets)
            {
                var seen = new List<string>();
                while (true)
                {
                    var content = (await socket.ReceiveTypeAsync("chat.message")).GetProperty("payload").GetProperty("content").GetString()!;
                    if (content == "end")
                    {
                        break;
                    }

                    seen.Add(content);
                }

                Assert.Equal(Enumerable.Range(0, count).Select(i => $"m{i}"), seen);
            }
        }
        finally
        {
            foreach (var s in sockets)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_dm_reaches_the_recipient_on_two_nodes_and_a_notification_sent_while_offline_is_listed_then_one_sent_online_arrives_live()
    {
        var urls = await UrlsAsync();
        var api = new AsobiApiClient(cluster.Http);
        var (alice, bob) = (await api.RegisterAsync(), await api.RegisterAsync());

        // Offline: a friend request notification waits in the table.
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("friends", new { friend_id = bob.Id }, alice.AccessToken)).Status);
        var (_, listed) = await api.GetAsync("notifications", bob.AccessToken);
        Assert.Equal("friend_request", listed.GetProperty("notifications")[0].GetProperty("type").GetString());

        var (bobOn1, _) = await WsClient.ConnectAndAuthenticateAsync(urls[1], bob.AccessToken);
        var (bobOn2, _) = await WsClient.ConnectAndAuthenticateAsync(urls[2], bob.AccessToken);
        var (aliceOn0, _) = await WsClient.ConnectAndAuthenticateAsync(urls[0], alice.AccessToken);
        await using var _1 = bobOn1;
        await using var _2 = bobOn2;
        await using var _0 = aliceOn0;

        await aliceOn0.SendAsync("dm.send", new { recipient_id = bob.Id, content = "hi" }, "dm");
        var sent = await aliceOn0.ReceiveTypeAsync("dm.sent");
        var id = sent.GetProperty("payload").GetProperty("message_id").GetString();
        foreach (var socket in new[] { bobOn1, bobOn2 })
        {
            Assert.Equal(id, (await socket.ReceiveTypeAsync("dm.message")).GetProperty("payload").GetProperty("message_id").GetString());
        }

        // Online: bob accepts, alice (on another node) gets the notification live.
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync($"friends/{alice.Id}", new { status = "accepted" }, bob.AccessToken)).Status);
        JsonElement pushed = await aliceOn0.ReceiveTypeAsync("notification.new");
        Assert.Equal("friend_accepted", pushed.GetProperty("payload").GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_operator_broadcast_reaches_players_on_all_three_replicas_with_one_request()
    {
        var urls = await UrlsAsync();
        var api = new AsobiApiClient(cluster.Http);
        var sockets = new List<WsClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                sockets.Add((await WsClient.ConnectAndAuthenticateAsync(urls[i], (await api.RegisterAsync()).AccessToken)).Client);
            }

            var (status, sent) = await api.OperatorAsync(HttpMethod.Post, "operator/notifications", ClusterFixture.OperatorKey, new { subject = "Servers restart in 5 minutes" });
            Assert.Equal(HttpStatusCode.Created, status);
            var id = sent.GetProperty("notification").GetProperty("id").GetString();
            foreach (var socket in sockets)
            {
                var pushed = (await socket.ReceiveTypeAsync("notification.new", TimeSpan.FromSeconds(20))).GetProperty("payload");
                Assert.Equal(id, pushed.GetProperty("id").GetString());
            }
        }
        finally
        {
            foreach (var s in sockets)
            {
                await s.DisposeAsync();
            }
        }
    }

    private async Task<List<string>> UrlsAsync()
    {
        var api = new AsobiApiClient(cluster.Http);
        var player = await api.RegisterAsync();
        List<string> urls = [];
        await Eventually.TrueAsync(async () =>
        {
            var (status, body) = await api.GetAsync("cluster/nodes", player.AccessToken);
            urls = status == HttpStatusCode.OK ? [.. body.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("url").GetString()!)] : [];
            return urls.Count == ClusterFixture.NodeCount;
        }, TimeSpan.FromSeconds(30));
        return urls;
    }
}
