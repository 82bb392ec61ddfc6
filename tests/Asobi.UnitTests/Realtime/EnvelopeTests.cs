using System.Text.Json;
using Asobi.Node.Realtime;

namespace Asobi.UnitTests.Realtime;

public sealed class EnvelopeTests
{
    [Fact]
    public void Replies_carry_type_cid_and_a_snake_case_payload()
    {
        var bytes = Envelope.Serialize("session.connected", new { PlayerId = Guid.Empty, NodeId = "n1" }, "\"c\"");
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        Assert.Equal("session.connected", root.GetProperty("type").GetString());
        Assert.Equal("c", root.GetProperty("cid").GetString());
        Assert.Equal("n1", root.GetProperty("payload").GetProperty("node_id").GetString());
    }

    [Fact]
    public void Pushes_have_no_cid()
    {
        using var doc = JsonDocument.Parse(Envelope.Serialize("chat.message", new { }));
        Assert.False(doc.RootElement.TryGetProperty("cid", out _));
    }

    [Fact]
    public void Errors_carry_the_legacy_reason_and_the_structured_error()
    {
        using var doc = JsonDocument.Parse(Envelope.Error(WsErrors.RateLimited, "7"));
        var payload = doc.RootElement.GetProperty("payload");
        Assert.Equal("error", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal(7, doc.RootElement.GetProperty("cid").GetInt32());
        Assert.Equal("rate_limited", payload.GetProperty("reason").GetString());
        Assert.Equal("rate_limited", payload.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Object, payload.GetProperty("error").GetProperty("details").ValueKind);
        Assert.False(string.IsNullOrEmpty(payload.GetProperty("error").GetProperty("message").GetString()));
    }
}
