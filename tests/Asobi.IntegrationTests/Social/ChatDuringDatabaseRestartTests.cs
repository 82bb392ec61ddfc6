
namespace Asobi.IntegrationTests.Social;

/// <summary>
/// A chat message sent while PostgreSQL is down is rejected with an error, never acknowledged and lost; one
/// acknowledged right after the restart reaches the other node exactly once even before that node's bus is back.
/// </summary>
public sealed class ChatDuringDatabaseRestartTests
{
    [Fact]
    public async Task A_message_sent_while_the_database_is_down_is_rejected_and_chat_works_again_after_the_restart()
    {
        await using var pg = await TestPostgres.StartNewAsync();
        var cs = await pg.CreateDatabaseAsync();
        await using var node = await NodeHost.StartAsync(cs);
        var (alice, bob) = (await node.Api.RegisterAsync(), await node.Api.RegisterAsync());
        await using var a = await SocialKit.ConnectAsync(node, alice);
        await using var b = await SocialKit.ConnectAsync(node, bob);
        var channel = "global:restart";
        await a.JoinAsync(channel);
        await b.JoinAsync(channel);

        await pg.StopAsync();
        var during = await a.RequestAsync("chat.send", new { channel_id = channel, content = "lost?" });
        Assert.Equal("chat.unavailable", during.ErrorCode());
        await pg.StartAsync();

        await Eventually.TrueAsync(
            async () => (await a.RequestAsync("chat.send", new { channel_id = channel, content = "back" })).Type() == "chat.sent",
            TimeSpan.FromSeconds(30));

        // b never saw the rejected message: the first chat.message it gets is the one sent after the restart.
        var first = (await b.ReceiveTypeAsync("chat.message")).GetProperty("payload").GetProperty("content").GetString();
        Assert.Equal("back", first);
        var (_, history) = await node.Api.GetAsync($"chat/{channel}/history", alice.AccessToken);
        Assert.DoesNotContain(history.GetProperty("messages").EnumerateArray(), m => m.GetProperty("content").GetString() == "lost?");
    }

    [Fact]
    public async Task Messages_acknowledged_right_after_a_restart_reach_the_other_node_exactly_once()
    {
        await using var pg = await TestPostgres.StartNewAsync();
        var cs = await pg.CreateDatabaseAsync();
        await using var a = await NodeHost.StartAsync(cs);
        await using var b = await NodeHost.StartAsync(cs);
        var (alice, bob) = (await a.Api.RegisterAsync(), await a.Api.RegisterAsync());
        await using var onA = await SocialKit.ConnectAsync(a, alice);
        await using var onB = await SocialKit.ConnectAsync(b, bob);
        var channel = "global:catchup";
        await onA.JoinAsync(channel);
        await onB.JoinAsync(channel);
        Assert.Equal("chat.sent", (await onA.RequestAsync("chat.send", new { channel_id = channel, content = "before" })).Type());

        await pg.StopAsync();
        await pg.StartAsync();

        // Straight away, while node B's bus listener is still backing off: channel messages and a DM.
        var acknowledged = new List<string> { "before" };
        var dmAcknowledged = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (var i = 0; acknowledged.Count < 6 && DateTime.UtcNow < deadline; i++)
        {
            var reply = await onA.RequestAsync("chat.send", new { channel_id = channel, content = $"up{i}" });
            if (reply.Type() == "chat.sent")
            {
                acknowledged.Add($"up{i}");
                var dm = await onA.RequestAsync("dm.send", new { recipient_id = bob.Id, content = $"dm{i}" });
                if (dm.Type() == "dm.sent")
                {
                    dmAcknowledged.Add($"dm{i}");
                }
            }
            else
            {
                Assert.Equal("chat.unavailable", reply.ErrorCode());
            }

            await Task.Delay(120);
        }

        Assert.Equal(6, acknowledged.Count);
        var received = new List<string>();
        var dms = new List<string>();
        while (received.Count < acknowledged.Count || dms.Count < dmAcknowledged.Count)
        {
            var frame = await onB.ReceiveAsync(TimeSpan.FromSeconds(30));
            var content = frame.Type() is "chat.message" or "dm.message" ? frame.GetProperty("payload").GetProperty("content").GetString()! : null;
            if (frame.Type() == "chat.message")
            {
                Assert.DoesNotContain(content, received);
                received.Add(content!);
            }
            else if (frame.Type() == "dm.message")
            {
                Assert.DoesNotContain(content, dms);
                dms.Add(content!);
            }
        }

        Assert.Equal(acknowledged.Order(), received.Order());
        Assert.Equal(dmAcknowledged.Order(), dms.Order());

        // Once B's bus is back nothing is repeated: the next frame answers B's own heartbeat.
        await Eventually.TrueAsync(() => Task.FromResult(b.Service<Asobi.Bus.IClusterBus>().IsConnected), TimeSpan.FromSeconds(30));
        await Task.Delay(500); // not an assertion: lets a late duplicate, if any, arrive before the heartbeat answer
        await onB.SendAsync("session.heartbeat", new { });
        var next = await onB.ReceiveAsync();
        Assert.True(next.Type() == "session.heartbeat", next.ToString());
    }
}
