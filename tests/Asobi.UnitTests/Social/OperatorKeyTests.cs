using Asobi.Node.Operator;

namespace Asobi.UnitTests.Social;

public sealed class OperatorKeyTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("short-key", false)]
    [InlineData("0123456789abcdef0123456789abcde", false)]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    public void A_key_is_either_unset_or_at_least_32_characters(string? key, bool valid) =>
        Assert.Equal(valid, new OperatorOptionsValidator().Validate(null, new OperatorOptions { Key = key }).Succeeded);

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789abcdef0123456789abcdeF", false)]
    [InlineData("0123456789abcdef0123456789abcdef0", false)]
    [InlineData("0123456789abcdef", false)]
    [InlineData("", false)]
    public void Keys_match_only_when_identical(string presented, bool match) =>
        Assert.Equal(match, OperatorKeyCheck.KeysMatch(presented, "0123456789abcdef0123456789abcdef"));

    [Theory]
    [InlineData(null, "anything", OperatorKeyVerdict.Disabled)]
    [InlineData("   ", "anything", OperatorKeyVerdict.Disabled)]
    [InlineData("0123456789abcdef0123456789abcdef", "", OperatorKeyVerdict.Missing)]
    [InlineData("0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdeX", OperatorKeyVerdict.Invalid)]
    [InlineData("0123456789abcdef0123456789abcdef", " 0123456789abcdef0123456789abcdef ", OperatorKeyVerdict.Valid)]
    public void A_presented_key_is_judged_against_the_configured_one(string? configured, string presented, OperatorKeyVerdict verdict) =>
        Assert.Equal(verdict, OperatorKeyCheck.Check(configured, presented));
}
