namespace Asobi.Bus;

/// <summary>
/// Packs consecutive events into as few payloads as fit under the size limit, keeping their order. An event that
/// cannot fit even alone is marked for the overflow table and travels as a reference. Sizes are UTF-8 bytes, the
/// unit PostgreSQL checks. Used by the single sender loop only.
/// </summary>
internal sealed class PayloadPacker : IDisposable
{
    private readonly BusEnvelopeWriter writer;
    private readonly int maxPayloadBytes;
    private readonly bool batching;

    public PayloadPacker(string originNodeId, int maxPayloadBytes, bool batching)
    {
        writer = new BusEnvelopeWriter(originNodeId);
        this.maxPayloadBytes = maxPayloadBytes;
        this.batching = batching;
        if (writer.EmptyEnvelopeBytes(long.MaxValue)
            + BusEnvelopeWriter.ReferenceReserveBytes > maxPayloadBytes)
        {
            throw new ArgumentException("The payload size limit is too small for this node id.", nameof(maxPayloadBytes));
        }
    }

    public void Dispose() => writer.Dispose();

    public PackedRound Pack(IReadOnlyList<OutboundEvent> events)
    {
        var entries = new byte[]?[events.Count];
        var overflowRows = new List<string>();
        var groups = new List<PackedRound.Group>();
        var groupBytes = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var entry = writer.EncodeEntry(e.Topic, e.Data);
            var aloneBytes = writer.EmptyEnvelopeBytes(e.SentAtUnixMicros);
            var size = entry.Length;
            if (aloneBytes + size > maxPayloadBytes)
            {
                overflowRows.Add(System.Text.Encoding.UTF8.GetString(entry));
                size = BusEnvelopeWriter.ReferenceReserveBytes;
            }
            else
            {
                entries[i] = entry;
            }

            // Adding to an open payload costs the entry plus a comma.
            if (batching && groups.Count > 0 && groupBytes + 1 + size <= maxPayloadBytes)
            {
                var last = groups[^1];
                groups[^1] = last with { Count = last.Count + 1 };
                groupBytes += 1 + size;
            }
            else
            {
                groups.Add(new PackedRound.Group(i, 1, e.SentAtUnixMicros));
                groupBytes = aloneBytes + size;
            }
        }

        return new PackedRound(writer, entries, overflowRows, groups);
    }
}
