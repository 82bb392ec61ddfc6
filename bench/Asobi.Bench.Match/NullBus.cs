using Asobi.Bus;

namespace Asobi.Bench.Match;

/// <summary>A bus that only counts: the matchmaker benchmark measures forming and recording, not NOTIFY.</summary>
internal sealed class NullBus : IClusterBus
{
    private long published;

    public long Published => Interlocked.Read(ref published);

    public bool IsConnected => true;

    public ValueTask PublishAsync(string topic, string data, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref published);
        return ValueTask.CompletedTask;
    }

    public bool TryPublish(string topic, string data)
    {
        Interlocked.Increment(ref published);
        return true;
    }

    public IDisposable Subscribe(string topic, Func<BusMessage, ValueTask> handler) => new Nothing();

    public IDisposable OnResynchronize(Func<CancellationToken, ValueTask> handler) => new Nothing();

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
