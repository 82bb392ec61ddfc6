using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Asobi.Data;

/// <summary>Migrates before anything else starts: registered first, it runs before the other hosted services and the server.</summary>
internal sealed class MigrationHostedService(MigrationRunner runner, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        runner.ApplyAsync(DatabaseConfiguration.DirectConnectionString(configuration), Migration.Embedded(), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
