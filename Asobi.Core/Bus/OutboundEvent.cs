namespace Asobi.Bus;

/// <summary>An event waiting in the outbound queue.</summary>
/// <param name="Topic">Exact-match topic.</param>
/// <param name="Data">JSON text (other text is carried too, as a string).</param>
/// <param name="SentAtUnixMicros">Publish time, carried to receivers.</param>
/// <param name="EnqueuedTimestamp">A <see cref="TimeProvider"/> timestamp; the publish timeout counts from it.</param>
/// <param name="Completion">Set for PublishAsync callers, who wait until the event is sent or dropped.</param>
internal sealed record OutboundEvent(
    string Topic,
    string Data,
    long SentAtUnixMicros,
    long EnqueuedTimestamp,
    TaskCompletionSource<SendOutcome>? Completion);
