using System.Text;
using Asobi.Bus;

namespace Asobi.UnitTests.Bus;

public sealed class PayloadPackerTests
{
    private const int MaxBytes = 7_900;
    private const long SentAt = 1_764_000_000_000_000;

    [Fact]
    public void Many_small_events_share_few_payloads_each_under_the_limit()
    {
        using var packer = new PayloadPacker("node-a", MaxBytes, batching: true);
        var events = Events(1_000, i => $$"""{"room":"lobby","seq":{{i}},"text":"hello"}""");

        var payloads = Render(packer.Pack(events));

        Assert.InRange(payloads.Count, 2, 1_000 / 50);
        Assert.All(payloads, p => Assert.True(p.Utf8Bytes < MaxBytes, $"{p.Utf8Bytes} bytes"));
        Assert.All(payloads, p => Assert.Equal(Encoding.UTF8.GetByteCount(p.Text), p.Utf8Bytes));
        Assert.Equal(1_000, payloads.Sum(p => p.EventCount));
    }

    [Fact]
    public void Events_keep_their_order_across_payloads()
    {
        using var packer = new PayloadPacker("node-a", MaxBytes, batching: true);
        var events = Events(3_000, i => $$"""{"seq":{{i}}}""");

        var decoded = DecodeAll(Render(packer.Pack(events)), overflow: []);

        Assert.Equal(events.Select(e => e.Data), decoded.Select(e => e.Data));
        Assert.Equal(events.Select(e => e.Topic), decoded.Select(e => e.Topic));
    }

    [Fact]
    public void An_event_too_large_for_a_payload_goes_to_the_overflow_table_and_travels_as_a_reference()
    {
        using var packer = new PayloadPacker("node-a", MaxBytes, batching: true);
        var big = $$"""{"blob":"{{new string('x', 20_000)}}"}""";
        var events = new[] { Event("before", "1"), Event("big", big), Event("after", "2") };

        var round = packer.Pack(events);

        var row = Assert.Single(round.OverflowRows);
        Assert.True(BusEnvelopeReader.TryDecodeEntry(row, out var stored));
        Assert.Equal(("big", big), (stored.Topic, stored.Data));
        var payloads = round.Render([42], firstSequence: 1);
        var decoded = DecodeAll(payloads, overflow: new() { [42] = row });
        Assert.Equal(["before", "big", "after"], decoded.Select(e => e.Topic));
        Assert.Equal(big, decoded[1].Data);
        Assert.Single(payloads);
    }

    [Fact]
    public void Unicode_data_is_measured_in_utf8_bytes_not_characters()
    {
        using var packer = new PayloadPacker("node-a", MaxBytes, batching: true);

        // 3,000 characters but 9,000 UTF-8 bytes: must not be sent inline.
        var tooBig = $"\"{new string('あ', 3_000)}\"";
        Assert.Single(packer.Pack([Event("jp", tooBig)]).OverflowRows);

        // 2,000 characters, 6,000 bytes: fits alone, but two of them do not share a payload.
        var fits = $"\"{new string('あ', 2_000)}\"";
        var round = packer.Pack([Event("jp", fits), Event("jp", fits), Event("emoji", $"\"{string.Concat(Enumerable.Repeat("🎮", 1_000))}\"")]);
        Assert.Empty(round.OverflowRows);
        var payloads = round.Render([], firstSequence: 1);
        Assert.Equal(3, payloads.Count);
        Assert.All(payloads, p => Assert.True(Encoding.UTF8.GetByteCount(p.Text) < MaxBytes));
        Assert.Equal(fits, DecodeAll(payloads, overflow: [])[0].Data);
    }

    [Fact]
    public void With_batching_off_every_payload_carries_one_event()
    {
        using var packer = new PayloadPacker("node-a", MaxBytes, batching: false);
        var events = Events(50, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var payloads = Render(packer.Pack(events));

        Assert.Equal(50, payloads.Count);
        Assert.All(payloads, p => Assert.Equal(1, p.EventCount));
        Assert.Equal(events.Select(e => e.Data), DecodeAll(payloads, overflow: []).Select(e => e.Data));
    }

    [Fact]
    public void Identical_events_still_make_distinct_payloads_so_postgres_does_not_fold_them()
    {
        using var packer = new PayloadPacker("node-a", MaxBytes, batching: false);
        var events = Enumerable.Repeat(Event("same", "{}"), 3).ToArray();

        var payloads = Render(packer.Pack(events));

        Assert.Equal(3, payloads.Select(p => p.Text).Distinct().Count());
    }

    [Fact]
    public void A_payload_is_stamped_with_the_publish_time_of_its_first_event()
    {
        using var packer = new PayloadPacker("node-a", MaxBytes, batching: true);
        var events = new[] { Event("a", "1") with { SentAtUnixMicros = SentAt + 5 }, Event("b", "2") with { SentAtUnixMicros = SentAt + 9 } };

        var payload = Assert.Single(Render(packer.Pack(events)));

        Assert.True(BusEnvelopeReader.TryDecode(payload.Text, out var decoded));
        Assert.Equal(SentAt + 5, decoded.SentAtUnixMicros);
    }

    private static List<PackedPayload> Render(PackedRound round)
    {
        Assert.Empty(round.OverflowRows);
        return [.. round.Render([], firstSequence: 1)];
    }

    private static List<EnvelopeEntry> DecodeAll(IEnumerable<PackedPayload> payloads, Dictionary<long, string> overflow)
    {
        var entries = new List<EnvelopeEntry>();
        foreach (var payload in payloads)
        {
            Assert.True(BusEnvelopeReader.TryDecode(payload.Text, out var decoded));
            Assert.Equal("node-a", decoded.OriginNodeId);
            foreach (var entry in decoded.Entries)
            {
                if (entry.OverflowId is { } id)
                {
                    Assert.True(BusEnvelopeReader.TryDecodeEntry(overflow[id], out var stored));
                    entries.Add(stored);
                }
                else
                {
                    entries.Add(entry);
                }
            }
        }

        return entries;
    }

    private static OutboundEvent[] Events(int count, Func<int, string> data) =>
        [.. Enumerable.Range(0, count).Select(i => Event($"topic.{i % 7}", data(i)))];

    private static OutboundEvent Event(string topic, string data) => new(topic, data, SentAt, 0, null);
}
