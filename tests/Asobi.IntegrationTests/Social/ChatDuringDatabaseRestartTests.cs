
namespace Asobi.IntegrationTests.Social;

/// <summary>A chat message sent while PostgreSQL is down is rejected with an error, never acknowledged and lost.</summary>
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
}
