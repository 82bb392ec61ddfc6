namespace Asobi.Bus;

/// <summary>One event on the cluster bus.</summary>
/// <param name="Topic">What the event is about, e.g. <c>session.revoked</c>.</param>
/// <param name="Data">The event body as JSON text.</param>
/// <param name="OriginNodeId">The process that published it.</param>
/// <param name="SentAtUnixMicros">When it was published (Unix time, microseconds).</param>
public sealed record BusMessage(string Topic, string Data, string OriginNodeId, long SentAtUnixMicros);
