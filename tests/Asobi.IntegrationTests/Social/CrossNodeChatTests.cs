using System.Net;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Social;

/// <summary>Two nodes on one database: channel messages and DMs reach members on both, once and in order.</summary>
public sealed class CrossNodeChatTests(DatabaseFixture db) : TwoNodeTests(db)
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Asobi:Chat:SendsPerSecond"] = "1000" };

    protected override IDictionary<string, string?>? NodeSettings => Settings;

    [Fact]
    public async Task Every_member_on_either_node_receives_each_message_exactly_once_and_in_the_order_sent()
    {
        var players = new List<Player>();
        for (var i = 0; i < 4; i++)
        {
            players.Add(await A.Api.RegisterAsync());
        }

        var sockets = new List<WsClient>();
        for (var i = 0; i < players.Count; i++)
        {
            sockets.Add(await SocialKit.ConnectAsync(i % 2 == 0 ? A : B, players[i]));
        }

        try
        {
            var channel = "global:x" + Guid.NewGuid().ToString("N")[..8];
            foreach (var s in sockets)
            {
                await s.JoinAsync(channel);
            }

            // Two senders on different nodes, 30 messages each, then an end marker.
            const int count = 30;
            await Task.WhenAll(SendAllAsync(sockets[0], "a"), SendAllAsync(sockets[1], "b"));

            foreach (var s in sockets)
            {
                var seen = new List<string>();
                var ends = 0;
                while (ends < 2)
                {
                    var content = (await s.ReceiveTypeAsync("chat.message")).GetProperty("payload").GetProperty("content").GetString()!;
                    if (content.EndsWith("end", StringComparison.Ordinal))
                    {
                        ends++;
                    }
                    else
                    {
                        seen.Add(content);
                    }
                }

                Assert.Equal(2 * count, seen.Count);
                Assert.Equal(2 * count, seen.Distinct().Count());
                Assert.Equal(Enumerable.Range(0, count).Select(i => $"a{i}"), seen.Where(c => c[0] == 'a'));
                Assert.Equal(Enumerable.Range(0, count).Select(i => $"b{i}"), seen.Where(c => c[0] == 'b'));
            }

            async Task SendAllAsync(WsClient sender, string prefix)
            {
                for (var i = 0; i < count; i++)
                {
                    await sender.SendAsync("chat.send", new { channel_id = channel, content = $"{prefix}{i}" });
                }

                await sender.SendAsync("chat.send", new { channel_id = channel, content = $"{prefix}end" });
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
    public async Task A_dm_reaches_every_socket_of_the_recipient_on_both_nodes_and_the_sender_gets_dm_sent()
    {
        var (alice, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await using var sender = await SocialKit.ConnectAsync(A, alice);
        await using var bobOnA = await SocialKit.ConnectAsync(A, bob);
        await using var bobOnB = await SocialKit.ConnectAsync(B, bob);

        var sent = await sender.RequestAsync("dm.send", new { recipient_id = bob.Id, content = "psst" });
        Assert.Equal("dm.sent", sent.Type());
        var channel = sent.GetProperty("payload").GetProperty("channel_id").GetString();
        var id = sent.GetProperty("payload").GetProperty("message_id").GetString();
        foreach (var socket in new[] { bobOnA, bobOnB })
        {
            var pushed = (await socket.ReceiveTypeAsync("dm.message")).GetProperty("payload");
            Assert.Equal(id, pushed.GetProperty("message_id").GetString());
            Assert.Equal(channel, pushed.GetProperty("channel_id").GetString());
            Assert.Equal(alice.Id, pushed.GetProperty("sender_id").GetGuid());
        }

        // Stored: both players read it from either node.
        var (status, history) = await B.Api.GetAsync($"dm/{alice.Id}/history", bob.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("psst", history.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(id, (await A.Api.GetAsync($"dm/{bob.Id}/history", alice.AccessToken)).Body.GetProperty("messages")[0].GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task A_dm_sent_over_rest_is_pushed_to_the_recipient_on_the_other_node()
    {
        var (alice, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await using var bobOnB = await SocialKit.ConnectAsync(B, bob);
        var (status, body) = await A.Api.PostAsync("dm", new { recipient_id = bob.Id, content = "by rest" }, alice.AccessToken);
        Assert.Equal(HttpStatusCode.Created, status);
        var pushed = (await bobOnB.ReceiveTypeAsync("dm.message")).GetProperty("payload");
        Assert.Equal(body.GetProperty("message_id").GetString(), pushed.GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task A_blocked_player_cannot_dm_in_either_direction_and_bad_recipients_are_refused()
    {
        var (alice, bob) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        Assert.Equal(HttpStatusCode.OK, (await A.Api.PutAsync($"friends/{alice.Id}", new { status = "blocked" }, bob.AccessToken)).Status);
        await using var sender = await SocialKit.ConnectAsync(B, alice);
        Assert.Equal("dm.blocked", (await sender.RequestAsync("dm.send", new { recipient_id = bob.Id, content = "hi" })).ErrorCode());
        var (status, body) = await A.Api.PostAsync("dm", new { recipient_id = alice.Id, content = "hi" }, bob.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("dm.blocked", body.GetProperty("error").GetProperty("code").GetString());

        Assert.Equal("dm.recipient_not_found", (await sender.RequestAsync("dm.send", new { recipient_id = Guid.NewGuid(), content = "hi" })).ErrorCode());
        Assert.Equal("dm.recipient_not_found", (await sender.RequestAsync("dm.send", new { recipient_id = "nope", content = "hi" })).ErrorCode());
        Assert.Equal("dm.invalid_recipient", (await sender.RequestAsync("dm.send", new { recipient_id = alice.Id, content = "me" })).ErrorCode());
        Assert.Equal("chat.content_too_large", (await sender.RequestAsync("dm.send", new { recipient_id = bob.Id, content = new string('x', 2001) })).ErrorCode());
    }

    [Fact]
    public async Task Closing_a_socket_stops_deliveries_to_it_on_the_other_node_while_others_continue()
    {
        var (alice, bob, carol) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await using var sender = await SocialKit.ConnectAsync(A, alice);
        var leaving = await SocialKit.ConnectAsync(B, bob);
        await using var staying = await SocialKit.ConnectAsync(B, carol);
        var channel = "global:c" + Guid.NewGuid().ToString("N")[..8];
        await sender.JoinAsync(channel);
        await leaving.JoinAsync(channel);
        await staying.JoinAsync(channel);
        await leaving.DisposeAsync();

        Assert.Equal("chat.sent", (await sender.RequestAsync("chat.send", new { channel_id = channel, content = "after" })).Type());
        Assert.Equal("after", (await staying.ReceiveTypeAsync("chat.message")).GetProperty("payload").GetProperty("content").GetString());
    }
}
