using Asobi.Bus;

namespace Asobi.Node.Social.Fanout;

/// <summary>
/// Re-reads stored state when the bus listener reconnects (pushes sent meanwhile were lost for this node) and delivers
/// what this node's sockets missed. Runs on the bus delivery loop, so live deliveries wait until it is done.
/// </summary>
public abstract class BusCatchUp(IClusterBus bus) : IHostedService
{
    private IDisposable? resync;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        resync = bus.OnResynchronize(CatchUpAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        resync?.Dispose();
        return Task.CompletedTask;
    }

    public abstract ValueTask CatchUpAsync(CancellationToken ct);
}
