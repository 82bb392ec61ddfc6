using System.Net;
using System.Text.Json;

namespace Asobi.IntegrationTests.Social;

/// <summary>Shortcuts for social tests: sockets, request/reply by cid, friendships.</summary>
internal static class SocialKit
{
    public static async Task<WsClient> ConnectAsync(NodeHost node, Player player) =>
        (await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, player.AccessToken)).Client;

    /// <summary>Sends a request with a fresh cid and returns the frame that answers it (other frames are skipped).</summary>
    public static async Task<JsonElement> RequestAsync(this WsClient client, string type, object payload)
    {
        var cid = Guid.NewGuid().ToString("N");
        await client.SendAsync(type, payload, cid);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var frame = await client.ReceiveAsync().WaitAsync(cts.Token);
            if (frame.TryGetProperty("cid", out var c) && c.GetString() == cid)
            {
                return frame;
            }
        }
    }

    public static string Type(this JsonElement frame) => frame.GetProperty("type").GetString()!;

    public static string ErrorCode(this JsonElement frame) =>
        frame.GetProperty("payload").GetProperty("error").GetProperty("code").GetString()!;

    public static async Task JoinAsync(this WsClient client, string channel)
    {
        var reply = await client.RequestAsync("chat.join", new { channel_id = channel });
        Assert.True(reply.Type() == "chat.joined", reply.ToString());
    }

    public static async Task BefriendAsync(NodeHost node, Player a, Player b)
    {
        Assert.Equal(HttpStatusCode.Created, (await node.Api.PostAsync("friends", new { friend_id = b.Id }, a.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await node.Api.PutAsync($"friends/{a.Id}", new { status = "accepted" }, b.AccessToken)).Status);
    }

    /// <summary>Reads frames until one of <paramref name="type"/> satisfying <paramref name="match"/> arrives.</summary>
    public static async Task<JsonElement> ReceiveMatchingAsync(this WsClient client, string type, Func<JsonElement, bool> match, TimeSpan? wait = null)
    {
        using var cts = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var frame = await client.ReceiveAsync(wait).WaitAsync(cts.Token);
            if (frame.Type() == type && match(frame.GetProperty("payload")))
            {
                return frame;
            }
        }
    }
}
