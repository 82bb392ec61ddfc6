using Asobi.IntegrationTests.Social;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Matches;

/// <summary>A match's chat channel is open to its players and to nobody else.</summary>
public sealed class MatchChatTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task Players_of_a_match_chat_on_its_channel_and_others_are_refused()
    {
        var node = fixture.Node;
        var (a, b, outsider) = (await node.Api.RegisterAsync(), await node.Api.RegisterAsync(), await node.Api.RegisterAsync());
        await using var ca = await SocialKit.ConnectAsync(node, a);
        await using var cb = await SocialKit.ConnectAsync(node, b);
        await using var co = await SocialKit.ConnectAsync(node, outsider);

        var joined = await ca.RequestAsync("match.find_or_create", new { mode = "tictactoe" });
        var matchId = joined.GetProperty("payload").GetProperty("match_id").GetString()!;
        await cb.RequestAsync("match.find_or_create", new { mode = "tictactoe" });
        var channel = $"match:{matchId}";

        Assert.Equal("chat.joined", (await ca.RequestAsync("chat.join", new { channel_id = channel })).Type());
        Assert.Equal("chat.joined", (await cb.RequestAsync("chat.join", new { channel_id = channel })).Type());
        Assert.Equal("chat.forbidden", SocialKit.ErrorCode(await co.RequestAsync("chat.join", new { channel_id = channel })));
        Assert.Equal("chat.forbidden", SocialKit.ErrorCode(await co.RequestAsync("chat.join", new { channel_id = "match:not-a-match" })));

        Assert.Equal("chat.sent", (await ca.RequestAsync("chat.send", new { channel_id = channel, content = "gl hf" })).Type());
        var message = await cb.ReceiveTypeAsync("chat.message");
        Assert.Equal("gl hf", message.GetProperty("payload").GetProperty("content").GetString());
    }
}
