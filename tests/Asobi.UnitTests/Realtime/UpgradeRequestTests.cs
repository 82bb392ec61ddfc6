using System.Buffers;
using System.Text;
using Asobi.Node.Realtime.Upgrade;

namespace Asobi.UnitTests.Realtime;

public sealed class UpgradeRequestTests
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    private static string Head(string target = "/ws", string? extra = null, string connection = "Upgrade", string version = "13", string? key = Key) =>
        $"GET {target} HTTP/1.1\r\nHost: localhost:5000\r\nUpgrade: websocket\r\nConnection: {connection}\r\n" +
        (key is null ? "" : $"Sec-WebSocket-Key: {key}\r\n") + $"Sec-WebSocket-Version: {version}\r\n{extra}\r\n";

    private static UpgradeParse Parse(string text, out int length, out string? accept) =>
        UpgradeRequest.TryParse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text)), out length, out accept);

    [Fact]
    public void A_valid_upgrade_is_accepted_with_the_key_answer_from_the_rfc()
    {
        var head = Head();
        Assert.Equal(UpgradeParse.Upgrade, Parse(head, out var length, out var accept));
        Assert.Equal(head.Length, length);
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", accept); // RFC 6455 §1.3
    }

    [Fact]
    public void Bytes_after_the_head_are_not_counted_in_it()
    {
        var head = Head();
        Assert.Equal(UpgradeParse.Upgrade, Parse(head + "\x81\x85abcd", out var length, out _));
        Assert.Equal(head.Length, length);
    }

    [Theory]
    [InlineData("/ws?v=1")]
    [InlineData("/ws?")]
    public void A_query_string_is_allowed(string target) =>
        Assert.Equal(UpgradeParse.Upgrade, Parse(Head(target), out _, out _));

    [Theory]
    [InlineData("keep-alive, Upgrade")]
    [InlineData("upgrade")]
    [InlineData("Upgrade ,keep-alive")]
    public void Connection_may_list_other_tokens_in_any_case(string connection) =>
        Assert.Equal(UpgradeParse.Upgrade, Parse(Head(connection: connection), out _, out _));

    [Theory]
    [InlineData("G")]
    [InlineData("GET /w")]
    [InlineData("GET /ws")]
    [InlineData("GET /ws HTTP/1.1\r\nHost: x\r\n")]
    public void A_head_that_could_still_be_an_upgrade_needs_more(string partial) =>
        Assert.Equal(UpgradeParse.NeedMore, Parse(partial, out _, out _));

    [Theory]
    [InlineData("P")]
    [InlineData("POST /api/v1/auth/login HTTP/1.1\r\n")]
    [InlineData("GET /wsx HTTP/1.1\r\n")]
    [InlineData("GET /ws/ HTTP/1.1\r\n")]
    [InlineData("GET /health HTTP/1.1\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("\x16\x03\x01\x02\x00\x01")]
    public void Other_requests_and_tls_are_not_ours_from_their_first_bytes(string start) =>
        Assert.Equal(UpgradeParse.NotOurs, Parse(start, out _, out _));

    [Fact]
    public void A_missing_key_a_bad_key_or_another_version_is_left_to_the_http_stack()
    {
        Assert.Equal(UpgradeParse.NotOurs, Parse(Head(key: null), out _, out _));
        Assert.Equal(UpgradeParse.NotOurs, Parse(Head(key: "short"), out _, out _));
        Assert.Equal(UpgradeParse.NotOurs, Parse(Head(key: "!!!!!!!!!!!!!!!!!!!!!!=="), out _, out _));
        Assert.Equal(UpgradeParse.NotOurs, Parse(Head(version: "8"), out _, out _));
        Assert.Equal(UpgradeParse.NotOurs, Parse(Head(connection: "keep-alive"), out _, out _));
    }

    [Fact]
    public void Other_http_versions_bodies_folded_lines_and_a_missing_host_are_left_to_the_http_stack()
    {
        Assert.Equal(UpgradeParse.NotOurs, Parse(Head().Replace("HTTP/1.1", "HTTP/1.0"), out _, out _));
        Assert.Equal(UpgradeParse.NotOurs, Parse(Head(extra: "Content-Length: 5\r\n"), out _, out _));
        Assert.Equal(UpgradeParse.NotOurs, Parse(Head(extra: "X-A: 1\r\n  folded\r\n"), out _, out _));
        Assert.Equal(UpgradeParse.NotOurs, Parse(Head().Replace("Host: localhost:5000\r\n", ""), out _, out _));
        Assert.Equal(UpgradeParse.NotOurs, Parse(Head(extra: "no colon here\r\n"), out _, out _));
    }

    [Fact]
    public void A_head_longer_than_the_limit_is_left_to_the_http_stack()
    {
        var big = Head(extra: "X-Pad: " + new string('a', UpgradeRequest.MaxHeadBytes) + "\r\n");
        Assert.Equal(UpgradeParse.NotOurs, Parse(big, out _, out _));
        Assert.Equal(UpgradeParse.NotOurs, Parse(big[..(UpgradeRequest.MaxHeadBytes + 10)], out _, out _));
    }

    [Fact]
    public void A_head_split_across_segments_is_read_whole()
    {
        var bytes = Encoding.ASCII.GetBytes(Head());
        var first = new Segment(bytes.AsMemory(0, 5));
        var last = first.Append(bytes.AsMemory(5, 40)).Append(bytes.AsMemory(45));
        var sequence = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        Assert.Equal(UpgradeParse.Upgrade, UpgradeRequest.TryParse(sequence, out var length, out var accept));
        Assert.Equal(bytes.Length, length);
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", accept);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
