using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Asobi.Bus;

/// <summary>
/// "bus": Degraded while the listener is down. The process still serves its own clients then, but misses
/// events from other nodes until it reconnects and resynchronizes.
/// </summary>
internal sealed class BusHealthCheck : IHealthCheck
{
    public const string Name = "bus";

    private readonly IClusterBus bus;

    public BusHealthCheck(IClusterBus bus) => this.bus = bus;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(bus.IsConnected
            ? HealthCheckResult.Healthy("Listening for cluster events.")
            : HealthCheckResult.Degraded("Not listening: reconnecting to PostgreSQL; events from other nodes are missed."));
}
