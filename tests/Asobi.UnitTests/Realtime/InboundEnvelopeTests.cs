using System.Text;
using System.Text.Json;
using Asobi.Node.Realtime;

namespace Asobi.UnitTests.Realtime;

public sealed class InboundEnvelopeTests
{
    [Fact]
    public void A_full_envelope_parses_with_its_raw_cid()
    {
        using var env = Parse("""{"type":"chat.send","payload":{"content":"hi"},"cid":"c-1"}""", out var error, out var cid);
        Assert.Null(error);
        Assert.Equal("chat.send", env!.Type);
        Assert.Equal("hi", env.Payload.GetProperty("content").GetString());
        Assert.Equal("\"c-1\"", env.CidJson);
        Assert.Equal("\"c-1\"", cid);
    }

    [Fact]
    public void A_missing_or_null_payload_becomes_an_empty_object()
    {
        using var a = Parse("""{"type":"session.heartbeat"}""", out _, out _);
        using var b = Parse("""{"type":"session.heartbeat","payload":null}""", out _, out _);
        Assert.Equal(JsonValueKind.Object, a!.Payload.ValueKind);
        Assert.Equal(JsonValueKind.Object, b!.Payload.ValueKind);
    }

    [Fact]
    public void Numeric_cids_are_echoed_as_numbers()
    {
        using var env = Parse("""{"type":"x","cid":42}""", out _, out var cid);
        Assert.Equal("42", cid);
    }

    [Theory]
    [InlineData("{nope", "invalid_json")]
    [InlineData("", "invalid_json")]
    [InlineData("[]", "invalid_message")]
    [InlineData("\"text\"", "invalid_message")]
    [InlineData("""{"payload":{}}""", "invalid_message")]
    [InlineData("""{"type":5}""", "invalid_message")]
    [InlineData("""{"type":""}""", "invalid_message")]
    public void Bad_frames_map_to_their_error_code(string frame, string code)
    {
        var env = Parse(frame, out var error, out _);
        Assert.Null(env);
        Assert.Equal(code, error!.Code);
    }

    [Fact]
    public void A_frame_without_a_type_still_yields_its_cid_for_the_error_reply()
    {
        Assert.Null(Parse("""{"cid":"abc"}""", out var error, out var cid));
        Assert.Equal("invalid_message", error!.Code);
        Assert.Equal("\"abc\"", cid);
    }

    [Fact]
    public void Nesting_deeper_than_64_levels_is_invalid_json()
    {
        var deep = "{\"type\":\"x\",\"payload\":" + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + "}";
        Assert.Null(Parse(deep, out var error, out _));
        Assert.Equal("invalid_json", error!.Code);
    }

    private static InboundEnvelope? Parse(string text, out WsError? error, out string? cid) =>
        InboundEnvelope.TryParse(Encoding.UTF8.GetBytes(text), out error, out cid);
}
