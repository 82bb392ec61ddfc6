using Asobi.Bus;

namespace Asobi.IntegrationTests.Bus;

/// <summary>Records what one subscriber saw, in delivery order.</summary>
internal sealed class EventCollector
{
    private readonly List<BusMessage> received = [];

    public EventCollector(IClusterBus bus, string topic) =>
        bus.Subscribe(topic, m =>
        {
            lock (received)
            {
                received.Add(m);
            }

            return ValueTask.CompletedTask;
        });

    public int Count
    {
        get
        {
            lock (received)
            {
                return received.Count;
            }
        }
    }

    public List<BusMessage> Snapshot()
    {
        lock (received)
        {
            return [.. received];
        }
    }

    public Task WaitForAsync(int count, string because) => Eventually.TrueAsync(() => Count >= count, because);
}
