namespace Asobi.Bus;

/// <summary>
/// Cross-process events over PostgreSQL LISTEN/NOTIFY. A published event reaches this process's subscribers
/// directly (never through PostgreSQL) and every other process's subscribers once. Not durable: state lives in
/// tables, the bus says "look here" and carries live fan-out.
/// </summary>
public interface IClusterBus
{
    /// <summary>True while the listening connection is up and subscribers are caught up; false while reconnecting or resynchronising.</summary>
    bool IsConnected { get; }

    /// <summary>
    /// Publishes and completes once the event has been handed to PostgreSQL (and delivered locally).
    /// Throws <see cref="BusUnavailableException"/> when the outbound queue is full or the database stays
    /// unreachable past the publish timeout.
    /// </summary>
    ValueTask PublishAsync(string topic, string data, CancellationToken cancellationToken = default);

    /// <summary>Fire-and-forget publish; false when the bounded outbound queue is full (the event is counted as dropped).</summary>
    bool TryPublish(string topic, string data);

    /// <summary>
    /// Calls <paramref name="handler"/> for every event whose topic equals <paramref name="topic"/>. Handlers run on
    /// the bus's delivery loop: keep them short (enqueue work elsewhere). A throwing handler is logged, not fatal.
    /// </summary>
    IDisposable Subscribe(string topic, Func<BusMessage, ValueTask> handler);

    /// <summary>
    /// Called after the listener reconnects (events sent meanwhile were lost): re-read what matters from tables.
    /// </summary>
    IDisposable OnResynchronize(Func<CancellationToken, ValueTask> handler);
}
