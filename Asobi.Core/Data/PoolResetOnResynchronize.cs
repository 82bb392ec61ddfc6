using Asobi.Bus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Asobi.Data;

/// <summary>
/// When the bus reconnects after losing PostgreSQL, the pooled connections are most likely dead too (a restarted
/// server): drop the idle ones so requests open fresh connections instead of failing once per stale connection.
/// </summary>
internal sealed class PoolResetOnResynchronize(IServiceProvider services, NpgsqlDataSource dataSource) : IHostedService
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Processes without a bus have nothing to hook.
        subscription = services.GetService<IClusterBus>()?.OnResynchronize(_ =>
        {
            dataSource.Clear();
            return ValueTask.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }
}
