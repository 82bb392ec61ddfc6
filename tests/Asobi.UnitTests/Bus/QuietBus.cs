using Asobi.Bus;

namespace Asobi.UnitTests.Bus;

/// <summary>A bus that sends nothing anywhere; whether it reports itself connected is the test's to set.</summary>
internal sealed class QuietBus : IClusterBus
{
    public bool IsConnected { get; set; } = true;

    public ValueTask PublishAsync(string topic, string data, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public bool TryPublish(string topic, string data) => true;

    public IDisposable Subscribe(string topic, Func<BusMessage, ValueTask> handler) => new Nothing();

    public IDisposable OnResynchronize(Func<CancellationToken, ValueTask> handler) => new Nothing();

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
