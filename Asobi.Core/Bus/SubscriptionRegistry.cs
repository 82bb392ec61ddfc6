using System.Collections.Immutable;

namespace Asobi.Bus;

/// <summary>
/// Topic subscribers and resynchronize handlers. Copy-on-write: the delivery loop reads a snapshot without locks,
/// subscribing is rare.
/// </summary>
internal sealed class SubscriptionRegistry
{
    private ImmutableDictionary<string, ImmutableArray<Func<BusMessage, ValueTask>>> byTopic =
        ImmutableDictionary.Create<string, ImmutableArray<Func<BusMessage, ValueTask>>>(StringComparer.Ordinal);

    private ImmutableArray<Func<CancellationToken, ValueTask>> resynchronize = [];

    public ImmutableArray<Func<CancellationToken, ValueTask>> ResynchronizeHandlers => resynchronize;

    public ImmutableArray<Func<BusMessage, ValueTask>> HandlersFor(string topic) =>
        byTopic.TryGetValue(topic, out var handlers) ? handlers : [];

    public IDisposable Subscribe(string topic, Func<BusMessage, ValueTask> handler)
    {
        // Wrapped so that unsubscribing removes exactly this registration even if the same delegate is added twice.
        Func<BusMessage, ValueTask> registration = m => handler(m);
        ImmutableInterlocked.AddOrUpdate(ref byTopic, topic, [registration], (_, existing) => existing.Add(registration));
        return new Unsubscriber(() => ImmutableInterlocked.Update(ref byTopic, d =>
        {
            if (!d.TryGetValue(topic, out var existing))
            {
                return d;
            }

            var remaining = existing.Remove(registration);
            return remaining.IsEmpty ? d.Remove(topic) : d.SetItem(topic, remaining);
        }));
    }

    public IDisposable OnResynchronize(Func<CancellationToken, ValueTask> handler)
    {
        Func<CancellationToken, ValueTask> registration = ct => handler(ct);
        ImmutableInterlocked.Update(ref resynchronize, a => a.Add(registration));
        return new Unsubscriber(() => ImmutableInterlocked.Update(ref resynchronize, a => a.Remove(registration)));
    }

    private sealed class Unsubscriber(Action remove) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                remove();
            }
        }
    }
}
