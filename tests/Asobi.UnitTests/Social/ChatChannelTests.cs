using Asobi.Node.Social.Chat;

namespace Asobi.UnitTests.Social;

public sealed class ChatChannelTests
{
    private static readonly Guid Low = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly Guid High = Guid.Parse("aaaaaaaa-1111-1111-1111-111111111111");

    [Theory]
    [InlineData("global:lobby", ChannelKind.Global)]
    [InlineData("global:eu-west_1", ChannelKind.Global)]
    [InlineData("match:0f8fad5b-d9cb-469f-a165-70867728950e", ChannelKind.Match)]
    [InlineData("room:0f8fad5b-d9cb-469f-a165-70867728950e", ChannelKind.Room)]
    public void Well_formed_channel_ids_parse_to_their_kind(string id, ChannelKind kind)
    {
        Assert.True(ChatChannel.TryParse(id, out var channel));
        Assert.Equal(kind, channel.Kind);
        Assert.Equal(id, channel.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lobby")]
    [InlineData("global:")]
    [InlineData("global:has space")]
    [InlineData("room:not-a-guid")]
    [InlineData("room:0F8FAD5B-D9CB-469F-A165-70867728950E")]
    [InlineData("party:x")]
    [InlineData("dm:aaaaaaaa-1111-1111-1111-111111111111:11111111-1111-1111-1111-111111111111")]
    [InlineData("dm:11111111-1111-1111-1111-111111111111:11111111-1111-1111-1111-111111111111")]
    [InlineData("dm:11111111-1111-1111-1111-111111111111")]
    public void Malformed_or_non_canonical_ids_are_rejected(string id) => Assert.False(ChatChannel.TryParse(id, out _));

    [Fact]
    public void An_overlong_id_is_rejected() => Assert.False(ChatChannel.TryParse("global:" + new string('a', 200), out _));

    [Fact]
    public void A_dm_channel_is_the_same_whoever_opens_it_and_puts_the_lower_id_first()
    {
        var a = ChatChannel.Dm(High, Low);
        var b = ChatChannel.Dm(Low, High);
        Assert.Equal(a, b);
        Assert.Equal($"dm:{Low}:{High}", a.Id);
        Assert.True(ChatChannel.TryParse(a.Id, out var parsed));
        Assert.Equal(High, parsed.Other(Low));
        Assert.Equal(Low, parsed.Other(High));
    }
}
