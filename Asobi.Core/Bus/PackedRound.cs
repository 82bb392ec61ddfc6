using System.Text;

namespace Asobi.Bus;

/// <summary>
/// The plan for one send: which events share a payload, and which must be stored in the overflow table first.
/// Rendering needs the overflow ids, so it happens after they are stored.
/// </summary>
internal sealed class PackedRound
{
    private readonly BusEnvelopeWriter writer;
    private readonly byte[]?[] entries;
    private readonly List<Group> groups;

    internal PackedRound(BusEnvelopeWriter writer, byte[]?[] entries, IReadOnlyList<string> overflowRows, List<Group> groups)
    {
        this.writer = writer;
        this.entries = entries;
        this.groups = groups;
        OverflowRows = overflowRows;
    }

    /// <summary>Entries too large for a payload, in event order; store them and pass their ids to <see cref="Render"/>.</summary>
    public IReadOnlyList<string> OverflowRows { get; }

    public int PayloadCount => groups.Count;

    /// <param name="overflowIds">Ids of <see cref="OverflowRows"/>, same order.</param>
    /// <param name="firstSequence">Sequence number of the first payload; the rest follow. Distinct numbers also keep
    /// PostgreSQL from folding identical payloads sent in one transaction.</param>
    public IReadOnlyList<PackedPayload> Render(IReadOnlyList<long> overflowIds, long firstSequence)
    {
        if (overflowIds.Count != OverflowRows.Count)
        {
            throw new ArgumentException("One id per overflow row is required.", nameof(overflowIds));
        }

        var payloads = new List<PackedPayload>(groups.Count);
        var nextOverflow = 0;
        var groupEntries = new List<byte[]>();
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            groupEntries.Clear();
            for (var i = group.Start; i < group.Start + group.Count; i++)
            {
                groupEntries.Add(entries[i] ?? writer.EncodeReference(overflowIds[nextOverflow++]));
            }

            var utf8 = writer.WriteEnvelope(firstSequence + g, group.SentAtUnixMicros, groupEntries);
            payloads.Add(new PackedPayload(Encoding.UTF8.GetString(utf8), utf8.Length, group.Count));
        }

        return payloads;
    }

    /// <summary>Events [Start, Start + Count) share one payload, stamped with the first one's publish time.</summary>
    internal readonly record struct Group(int Start, int Count, long SentAtUnixMicros);
}
