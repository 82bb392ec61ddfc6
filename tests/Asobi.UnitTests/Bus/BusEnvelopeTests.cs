using System.Text;
using Asobi.Bus;

namespace Asobi.UnitTests.Bus;

public sealed class BusEnvelopeTests
{
    private const long SentAt = 1_764_000_000_123_456;

    [Theory]
    [InlineData("""{"a":1,"b":[true,null,"x"]}""")]
    [InlineData("""{ "spaced" : "out" , "n": 1.50e3 }""")]
    [InlineData("""{"name":"ゲーム 🎮","quote":"\"","nl":"\n"}""")]
    [InlineData("\"just a json string\"")]
    [InlineData("42")]
    public void Json_data_round_trips_byte_for_byte(string data)
    {
        var decoded = RoundTrip("chat.message", data);

        var entry = Assert.Single(decoded.Entries);
        Assert.Equal(("chat.message", data), (entry.Topic, entry.Data));
        Assert.Equal(("node-7", 1L, SentAt), (decoded.OriginNodeId, decoded.Sequence, decoded.SentAtUnixMicros));
    }

    [Fact]
    public void Json_data_is_embedded_as_json_not_as_an_escaped_string()
    {
        using var writer = new BusEnvelopeWriter("node-7");

        var entry = Encoding.UTF8.GetString(writer.EncodeEntry("t", """{"q":"x"}"""));

        Assert.Equal("""{"k":"t","d":{"q":"x"}}""", entry);
    }

    [Theory]
    [InlineData("plain words")]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("{} {}")]
    [InlineData(" {\"surrounded\":\"by whitespace\"}\n")]
    [InlineData("ゲーム\u0001\"\\")]
    public void Text_that_is_not_json_round_trips_as_a_string(string data)
    {
        var entry = Assert.Single(RoundTrip("t", data).Entries);

        Assert.Equal(data, entry.Data);
    }

    [Fact]
    public void Every_payload_starts_with_its_origin_prefix_so_receivers_can_skip_their_own()
    {
        using var writer = new BusEnvelopeWriter("node \"quoted\"");

        var payload = Encoding.UTF8.GetString(writer.WriteEnvelope(3, SentAt, [writer.EncodeEntry("t", "1")]));

        Assert.StartsWith(writer.OriginPrefix, payload, StringComparison.Ordinal);
        Assert.False(payload.StartsWith(BusEnvelopeWriter.ComputeOriginPrefix("node "), StringComparison.Ordinal));
    }

    [Fact]
    public void A_reference_entry_carries_the_overflow_id()
    {
        using var writer = new BusEnvelopeWriter("node-7");

        var payload = Encoding.UTF8.GetString(writer.WriteEnvelope(1, SentAt, [writer.EncodeReference(long.MaxValue)]));

        Assert.True(BusEnvelopeReader.TryDecode(payload, out var decoded));
        Assert.Equal(long.MaxValue, Assert.Single(decoded.Entries).OverflowId);
        Assert.Equal(BusEnvelopeWriter.ReferenceReserveBytes, writer.EncodeReference(long.MaxValue).Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"o":"x"}""")]
    [InlineData("""{"o":"x","n":1,"t":2,"e":[{"k":"t"}]}""")]
    [InlineData("""{"o":"x","n":"one","t":2,"e":[]}""")]
    public void A_malformed_payload_is_reported_without_throwing(string payload)
    {
        Assert.False(BusEnvelopeReader.TryDecode(payload, out _));
    }

    private static DecodedPayload RoundTrip(string topic, string data)
    {
        using var writer = new BusEnvelopeWriter("node-7");
        var payload = Encoding.UTF8.GetString(writer.WriteEnvelope(1, SentAt, [writer.EncodeEntry(topic, data)]));
        Assert.True(BusEnvelopeReader.TryDecode(payload, out var decoded));
        return decoded;
    }
}
