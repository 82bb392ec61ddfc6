namespace Asobi.Bus;

/// <summary>A NOTIFY payload as read back: who sent it, when, and its entries in publish order.</summary>
internal sealed record DecodedPayload(string OriginNodeId, long Sequence, long SentAtUnixMicros, IReadOnlyList<EnvelopeEntry> Entries);
