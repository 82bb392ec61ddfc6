using System.Text;
using Asobi.Node.Realtime.Upgrade;

namespace Asobi.UnitTests.Realtime;

public sealed class Utf8ValidatorTests
{
    private static readonly byte[] Mixed = Encoding.UTF8.GetBytes("a é € 😀 z");

    [Fact]
    public void Valid_text_split_at_every_byte_is_accepted()
    {
        for (var cut = 0; cut <= Mixed.Length; cut++)
        {
            var validator = default(Utf8Validator);
            Assert.True(validator.Append(Mixed.AsSpan(0, cut), final: false), $"first piece, cut {cut}");
            Assert.True(validator.Append(Mixed.AsSpan(cut), final: true), $"second piece, cut {cut}");
            Assert.True(validator.IsComplete);
        }
    }

    [Fact]
    public void Valid_text_fed_one_byte_at_a_time_is_accepted()
    {
        var validator = default(Utf8Validator);
        for (var i = 0; i < Mixed.Length; i++)
        {
            Assert.True(validator.Append(Mixed.AsSpan(i, 1), final: i == Mixed.Length - 1), $"byte {i}");
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // past U+10FFFF
    [InlineData(new byte[] { 0x61, 0x80, 0x61 })] // a stray continuation byte
    public void Invalid_sequences_are_refused_whole_and_split(byte[] bytes)
    {
        var whole = default(Utf8Validator);
        Assert.False(whole.Append(bytes, final: true));
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var split = default(Utf8Validator);
            var first = split.Append(bytes.AsSpan(0, cut), final: false);
            Assert.False(first && split.Append(bytes.AsSpan(cut), final: true), $"cut {cut}");
        }
    }

    [Fact]
    public void A_character_left_unfinished_at_the_end_is_refused()
    {
        var euro = Encoding.UTF8.GetBytes("€");
        var validator = default(Utf8Validator);
        Assert.True(validator.Append(euro.AsSpan(0, 2), final: false));
        Assert.False(validator.IsComplete);
        Assert.False(validator.Append([], final: true));

        var atOnce = default(Utf8Validator);
        Assert.False(atOnce.Append(euro.AsSpan(0, 2), final: true));
    }

    [Fact]
    public void Reset_forgets_an_unfinished_character()
    {
        var validator = default(Utf8Validator);
        Assert.True(validator.Append(Encoding.UTF8.GetBytes("€").AsSpan(0, 1), final: false));
        validator.Reset();
        Assert.True(validator.Append("ok"u8, final: true));
    }
}
