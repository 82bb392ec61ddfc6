using System.Text.Json;
using Asobi.Node.Realtime;
using Asobi.Node.Realtime.Handlers;

namespace Asobi.UnitTests.Realtime;

public sealed class ClientFeaturesTests
{
    private static (bool Ok, ClientFeatures Features) Read(string payload)
    {
        using var doc = JsonDocument.Parse(payload);
        var ok = SessionConnectHandler.TryReadFeatures(doc.RootElement, out var features);
        return (ok, features);
    }

    [Theory]
    [InlineData("""{"token":"t"}""", ClientFeatures.None)]
    [InlineData("""{"token":"t","features":null}""", ClientFeatures.None)]
    [InlineData("""{"token":"t","features":[]}""", ClientFeatures.None)]
    [InlineData("""{"token":"t","features":["migrate"]}""", ClientFeatures.Migrate)]
    [InlineData("""{"token":"t","features":["teleport","migrate","migrate"]}""", ClientFeatures.Migrate)]
    [InlineData("""{"token":"t","features":["Migrate"]}""", ClientFeatures.None)]
    public void Known_names_set_their_flag_and_unknown_names_are_ignored(string payload, ClientFeatures expected) =>
        Assert.Equal((true, expected), Read(payload));

    [Theory]
    [InlineData("""{"token":"t","features":"migrate"}""")]
    [InlineData("""{"token":"t","features":[1]}""")]
    [InlineData("""{"token":"t","features":{"migrate":true}}""")]
    [InlineData("""{"token":"t","features":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q"]}""")]
    public void Anything_but_a_short_array_of_strings_is_refused(string payload) => Assert.False(Read(payload).Ok);

    [Fact]
    public void The_reply_echoes_only_the_names_understood() =>
        Assert.Equal(["migrate"], ClientFeatureNames.Names(ClientFeatureNames.Parse(["x", "migrate"])));
}
