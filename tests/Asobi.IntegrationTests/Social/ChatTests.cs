using System.Net;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Social;

/// <summary>Chat on one node: joining, sending, limits, access rules and history.</summary>
public sealed class ChatTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private NodeHost Node => fixture.Node;

    private static string Global() => "global:t" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_message_is_stored_acknowledged_and_pushed_to_every_member_including_the_sender()
    {
        var (alice, bob) = (await Node.Api.RegisterAsync(), await Node.Api.RegisterAsync());
        await using var a = await SocialKit.ConnectAsync(Node, alice);
        await using var b = await SocialKit.ConnectAsync(Node, bob);
        var channel = Global();
        await a.JoinAsync(channel);
        await b.JoinAsync(channel);

        // The sender is a member too: its own copy is queued before the acknowledgement.
        await a.SendAsync("chat.send", new { channel_id = channel, content = "hello" }, cid: "s1");
        var own = await a.ReceiveAsync();
        var sent = await a.ReceiveAsync();
        Assert.Equal("chat.message", own.Type());
        Assert.Equal("chat.sent", sent.Type());
        Assert.Equal("s1", sent.GetProperty("cid").GetString());
        var id = sent.GetProperty("payload").GetProperty("message_id").GetString();
        Assert.Equal(id, own.GetProperty("payload").GetProperty("message_id").GetString());

        var pushed = (await b.ReceiveTypeAsync("chat.message")).GetProperty("payload");
        Assert.Equal(id, pushed.GetProperty("message_id").GetString());
        Assert.Equal(alice.Id, pushed.GetProperty("sender_id").GetGuid());
        Assert.Equal(channel, pushed.GetProperty("channel_id").GetString());
        Assert.Equal("hello", pushed.GetProperty("content").GetString());
        Assert.Equal(sent.GetProperty("payload").GetProperty("sent_at").GetInt64(), pushed.GetProperty("sent_at").GetInt64());
    }

    [Fact]
    public async Task Sending_without_a_cid_delivers_without_a_reply()
    {
        var alice = await Node.Api.RegisterAsync();
        await using var a = await SocialKit.ConnectAsync(Node, alice);
        var channel = Global();
        await a.JoinAsync(channel);
        await a.SendAsync("chat.send", new { channel_id = channel, content = "quiet" });
        var next = await a.ReceiveAsync();
        Assert.Equal("chat.message", next.Type());
    }

    [Fact]
    public async Task Bad_input_and_limits_are_answered_with_their_error_codes()
    {
        var alice = await Node.Api.RegisterAsync();
        await using var a = await SocialKit.ConnectAsync(Node, alice);
        var channel = Global();

        Assert.Equal("chat.invalid_channel", (await a.RequestAsync("chat.join", new { channel_id = "lobby" })).ErrorCode());
        Assert.Equal("invalid_message", (await a.RequestAsync("chat.join", new { })).ErrorCode());
        Assert.Equal("chat.not_joined", (await a.RequestAsync("chat.send", new { channel_id = channel, content = "x" })).ErrorCode());
        await a.JoinAsync(channel);
        Assert.Equal("chat.content_empty", (await a.RequestAsync("chat.send", new { channel_id = channel, content = "" })).ErrorCode());
        Assert.Equal("chat.content_empty", (await a.RequestAsync("chat.send", new { channel_id = channel })).ErrorCode());
        Assert.Equal("chat.content_too_large", (await a.RequestAsync("chat.send", new { channel_id = channel, content = new string('é', 1001) })).ErrorCode());
        Assert.Equal("chat.sent", (await a.RequestAsync("chat.send", new { channel_id = channel, content = new string('x', 2000) })).Type());
    }

    [Fact]
    public async Task A_socket_joins_at_most_32_channels_and_leaving_frees_a_place()
    {
        var alice = await Node.Api.RegisterAsync();
        await using var a = await SocialKit.ConnectAsync(Node, alice);
        var channels = Enumerable.Range(0, 33).Select(_ => Global()).ToList();
        foreach (var c in channels.Take(32))
        {
            await a.JoinAsync(c);
        }

        Assert.Equal("chat.too_many_channels", (await a.RequestAsync("chat.join", new { channel_id = channels[32] })).ErrorCode());
        Assert.Equal("chat.left", (await a.RequestAsync("chat.leave", new { channel_id = channels[0] })).Type());
        await a.JoinAsync(channels[32]);
    }

    [Fact]
    public async Task A_left_channel_no_longer_delivers()
    {
        var (alice, bob) = (await Node.Api.RegisterAsync(), await Node.Api.RegisterAsync());
        await using var a = await SocialKit.ConnectAsync(Node, alice);
        await using var b = await SocialKit.ConnectAsync(Node, bob);
        var channel = Global();
        await a.JoinAsync(channel);
        await b.JoinAsync(channel);
        await b.RequestAsync("chat.leave", new { channel_id = channel });
        Assert.Equal("chat.sent", (await a.RequestAsync("chat.send", new { channel_id = channel, content = "gone?" })).Type());

        // Local delivery happens before chat.sent, so had b still been a member the message would come first.
        await b.SendAsync("session.heartbeat", new { });
        Assert.Equal("session.heartbeat", (await b.ReceiveAsync()).Type());
    }

    [Fact]
    public async Task A_flood_is_rate_limited_per_player_and_the_socket_stays_open()
    {
        var alice = await Node.Api.RegisterAsync();
        await using var a = await SocialKit.ConnectAsync(Node, alice);
        var channel = Global();
        await a.JoinAsync(channel);
        var codes = new List<string>();
        for (var i = 0; i < 15; i++)
        {
            var reply = await a.RequestAsync("chat.send", new { channel_id = channel, content = $"m{i}" });
            codes.Add(reply.Type() == "error" ? reply.ErrorCode() : reply.Type());
        }

        Assert.Contains("chat.rate_limited", codes);
        Assert.True(codes.Count(c => c == "chat.sent") >= 10, string.Join(",", codes));
        Assert.Equal("session.heartbeat", (await a.RequestAsync("session.heartbeat", new { })).Type());
    }

    [Fact]
    public async Task Room_and_match_channels_are_closed_to_non_members()
    {
        var alice = await Node.Api.RegisterAsync();
        await using var a = await SocialKit.ConnectAsync(Node, alice);
        var room = $"room:{Guid.NewGuid()}";
        var match = $"match:{Guid.NewGuid()}";
        Assert.Equal("chat.forbidden", (await a.RequestAsync("chat.join", new { channel_id = room })).ErrorCode());
        Assert.Equal("chat.forbidden", (await a.RequestAsync("chat.join", new { channel_id = match })).ErrorCode());
        var (status, body) = await Node.Api.GetAsync($"chat/{Uri.EscapeDataString(room)}/history", alice.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("chat.forbidden", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_dm_channel_admits_only_its_two_players()
    {
        var (alice, bob, eve) = (await Node.Api.RegisterAsync(), await Node.Api.RegisterAsync(), await Node.Api.RegisterAsync());
        await using var e = await SocialKit.ConnectAsync(Node, eve);
        var dm = Asobi.Node.Social.Chat.ChatChannel.Dm(alice.Id, bob.Id).Id;
        Assert.Equal("chat.forbidden", (await e.RequestAsync("chat.join", new { channel_id = dm })).ErrorCode());
        Assert.Equal("chat.forbidden", (await e.RequestAsync("chat.send", new { channel_id = dm, content = "hi" })).ErrorCode());
        Assert.Equal(HttpStatusCode.Forbidden, (await Node.Api.GetAsync($"chat/{dm}/history", eve.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Node.Api.GetAsync($"chat/{dm}/history", bob.AccessToken)).Status);
    }

    [Fact]
    public async Task History_pages_backwards_with_limit_and_before()
    {
        var alice = await Node.Api.RegisterAsync();
        await using var a = await SocialKit.ConnectAsync(Node, alice);
        var channel = Global();
        await a.JoinAsync(channel);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("chat.sent", (await a.RequestAsync("chat.send", new { channel_id = channel, content = $"m{i}" })).Type());
        }

        var (status, page1) = await Node.Api.GetAsync($"chat/{channel}/history?limit=3", alice.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["m4", "m3", "m2"], page1.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        var before = page1.GetProperty("next_before").GetString();
        var (_, page2) = await Node.Api.GetAsync($"chat/{channel}/history?limit=3&before={before}", alice.AccessToken);
        Assert.Equal(["m1", "m0"], page2.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await Node.Api.GetAsync($"chat/{channel}/history?before=abc", alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Node.Api.GetAsync("chat/nope/history", alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Node.Api.GetAsync($"chat/{channel}/history")).Status);
    }
}
