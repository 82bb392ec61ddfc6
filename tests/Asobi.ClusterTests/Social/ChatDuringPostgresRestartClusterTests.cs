using System.Net;
using System.Text.Json;
using Asobi.Testing;

namespace Asobi.ClusterTests.Social;

/// <summary>
/// Chat and a notification between two replicas while PostgreSQL restarts: nothing acknowledged is lost or delivered
/// twice, whether it travels live or is caught up when the receiving replica's bus comes back.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ChatDuringPostgresRestartClusterTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Every_message_acknowledged_around_a_postgres_restart_reaches_the_other_node_exactly_once_and_is_in_history()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var api = new AsobiApiClient(cluster.Http);
        var (alice, bob) = (await api.RegisterAsync(), await api.RegisterAsync());
        var channel = "global:outage" + Guid.NewGuid().ToString("N")[..8];
        var (aliceWs, bobWs) = (WsUrl(cluster.Nodes[0]), WsUrl(cluster.Nodes[1]));
        var (sender, _) = await WsClient.ConnectAndAuthenticateAsync(aliceWs, alice.AccessToken);
        var (receiver, _) = await WsClient.ConnectAndAuthenticateAsync(bobWs, bob.AccessToken);
        await using var _1 = sender;
        await using var _2 = receiver;
        await JoinAsync(sender, channel);
        await JoinAsync(receiver, channel);

        var acknowledged = new List<string>();
        var refused = new List<string>();
        async Task SendAsync(string content)
        {
            var reply = await RequestAsync(sender, "chat.send", new { channel_id = channel, content });
            switch (reply.GetProperty("type").GetString())
            {
                case "chat.sent":
                    acknowledged.Add(content);
                    break;
                case "error":
                    Assert.Equal("chat.unavailable", reply.GetProperty("payload").GetProperty("error").GetProperty("code").GetString());
                    refused.Add(content);
                    break;
                default:
                    Assert.Fail($"Unexpected answer to chat.send: {reply}");
                    break;
            }
        }

        await SendAsync("before");
        await cluster.StopPostgresAsync(cts.Token);
        for (var i = 0; i < 4; i++)
        {
            await SendAsync($"down{i}");
            await Task.Delay(250, cts.Token);
        }

        await cluster.StartPostgresAsync(cts.Token);

        // Right after the restart, while the nodes' bus listeners are still reconnecting: keep sending (within the
        // rate limit) until messages are acknowledged again, then a few more.
        // Once the database takes writes again, alice asks bob to be friends through her replica: a notification
        // stored there and announced on a bus bob's replica may not be listening to yet.
        using var aliceNode = new HttpClient { BaseAddress = cluster.Nodes[0].Url, Timeout = TimeSpan.FromSeconds(30) };
        var requested = false;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var attempt = 0;
        while ((acknowledged.Count(c => c.StartsWith("up", StringComparison.Ordinal)) < 5 || !requested) && DateTime.UtcNow < deadline)
        {
            await SendAsync($"up{attempt++}");
            if (!requested && acknowledged.Any(c => c.StartsWith("up", StringComparison.Ordinal)))
            {
                var (asked, _) = await new AsobiApiClient(aliceNode).PostAsync("friends", new { friend_id = bob.Id }, alice.AccessToken);
                requested = asked == HttpStatusCode.Created;
            }

            await Task.Delay(150, cts.Token);
        }

        Assert.True(requested, "the friend request was not accepted after the restart");
        Assert.Contains("before", acknowledged);
        Assert.True(acknowledged.Count(c => c.StartsWith("up", StringComparison.Ordinal)) >= 5, $"refused: {string.Join(",", refused)}");

        // Bob (the other replica) gets every acknowledged message exactly once, nothing that was refused, and the
        // friend request's notification once.
        var received = new List<string>();
        var expected = acknowledged.ToHashSet();
        var requests = 0;
        while (!expected.IsSubsetOf(received) || requests == 0)
        {
            var frame = await receiver.ReceiveAsync(TimeSpan.FromSeconds(45));
            var payload = frame.GetProperty("payload");
            switch (frame.GetProperty("type").GetString())
            {
                case "chat.message":
                    var content = payload.GetProperty("content").GetString()!;
                    Assert.True(expected.Contains(content), $"'{content}' was delivered but never acknowledged");
                    Assert.DoesNotContain(content, received);
                    received.Add(content);
                    break;
                case "notification.new" when payload.GetProperty("type").GetString() == "friend_request":
                    Assert.Equal(0, requests++);
                    break;
            }
        }

        // Once every replica's bus is back (and has caught up), nothing more arrives: the next frame bob gets
        // answers his own heartbeat.
        using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var node in cluster.Nodes)
        {
            await Eventually.TrueAsync(async () => await health.GetStringAsync(new Uri(node.Url, "/health"), cts.Token) == "Healthy",
                TimeSpan.FromSeconds(60), $"{node.ResourceId} did not report Healthy after the restart");
        }

        await receiver.SendAsync("session.heartbeat", new { });
        var next = await receiver.ReceiveAsync(TimeSpan.FromSeconds(30));
        Assert.True(next.GetProperty("type").GetString() == "session.heartbeat", $"unexpected frame: {next}");

        using var direct = new HttpClient { BaseAddress = cluster.Nodes[0].Url, Timeout = TimeSpan.FromSeconds(30) };
        var (status, history) = await new AsobiApiClient(direct).GetAsync($"chat/{channel}/history?limit=100", alice.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        var stored = history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()!).ToList();
        Assert.Equal(acknowledged.Order(), stored.Order());
    }

    private static string WsUrl(Replica replica) => $"ws://{replica.Url.Host}:{replica.Url.Port}/ws";

    private static async Task JoinAsync(WsClient socket, string channel)
    {
        var reply = await RequestAsync(socket, "chat.join", new { channel_id = channel });
        Assert.Equal("chat.joined", reply.GetProperty("type").GetString());
    }

    /// <summary>Sends with a fresh cid and returns the frame answering it (pushes in between are skipped).</summary>
    private static async Task<JsonElement> RequestAsync(WsClient socket, string type, object payload)
    {
        var cid = Guid.NewGuid().ToString("N");
        await socket.SendAsync(type, payload, cid);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        while (true)
        {
            var frame = await socket.ReceiveAsync(TimeSpan.FromSeconds(45)).WaitAsync(cts.Token);
            if (frame.TryGetProperty("cid", out var c) && c.GetString() == cid)
            {
                return frame;
            }
        }
    }
}
