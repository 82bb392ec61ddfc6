namespace Asobi.Bus;

/// <summary>
/// What the delivery loop reads: a notification payload from PostgreSQL, an event published in this process, or
/// nothing (a wake-up to look at pending resynchronization).
/// </summary>
internal readonly record struct InboundItem(string? Payload, BusMessage? Local)
{
    public static InboundItem Remote(string payload) => new(payload, null);

    public static InboundItem FromLocal(BusMessage message) => new(null, message);

    public static InboundItem Wake => default;
}
