using Asobi.Node.Accounts;

namespace Asobi.UnitTests.Accounts;

public sealed class CredentialRulesTests
{
    [Theory]
    [InlineData("ab", "username")]
    [InlineData("has space", "username")]
    [InlineData("ünïcode", "username")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "username")]
    public void Bad_usernames_name_the_field(string username, string field) =>
        Assert.Contains(field, CredentialRules.Check(username, "long-enough-pw", null).Keys);

    [Fact]
    public void Passwords_must_be_8_to_128_characters()
    {
        Assert.Contains("password", CredentialRules.Check("player_1", "short", null).Keys);
        Assert.Contains("password", CredentialRules.Check("player_1", new string('x', 129), null).Keys);
        Assert.Empty(CredentialRules.Check("player_1", "12345678", null));
        Assert.Empty(CredentialRules.Check("Player.One-2", new string('x', 128), "Display Name"));
    }

    [Fact]
    public void Display_names_must_not_be_blank_or_too_long()
    {
        Assert.Contains("display_name", CredentialRules.Check("player_1", "12345678", "   ").Keys);
        Assert.Contains("display_name", CredentialRules.Check("player_1", "12345678", new string('x', 65)).Keys);
    }
}
