using Asobi.Bus;

namespace Asobi.UnitTests.Bus;

/// <summary>A bus that keeps what is published (and refuses it while <see cref="Full"/>), delivering nothing.</summary>
internal sealed class RecordingBus : IClusterBus
{
    private readonly Lock gate = new();
    private readonly List<(string Topic, string Data)> published = [];

    public bool IsConnected => true;

    /// <summary>While true, TryPublish answers false as a full outbound queue does.</summary>
    public bool Full { get; set; }

    public List<(string Topic, string Data)> Published
    {
        get
        {
            lock (gate)
            {
                return [.. published];
            }
        }
    }

    public ValueTask PublishAsync(string topic, string data, CancellationToken cancellationToken = default)
    {
        TryPublish(topic, data);
        return ValueTask.CompletedTask;
    }

    public bool TryPublish(string topic, string data)
    {
        if (Full)
        {
            return false;
        }

        lock (gate)
        {
            published.Add((topic, data));
        }

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
