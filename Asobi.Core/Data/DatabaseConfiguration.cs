using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Asobi.Data;

public static class DatabaseConfiguration
{
    /// <summary>The Aspire connection name every Asobi process reads (<c>ConnectionStrings:asobi</c>).</summary>
    public const string ConnectionName = "asobi";

    /// <summary>Seconds to wait for a connection when the connection string does not say.</summary>
    public const int DefaultConnectTimeoutSeconds = 5;

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionName) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"No database configured: set ConnectionStrings:{ConnectionName} (the AppHost does this for you).");

    /// <summary>Registers the pooled data source (with Npgsql telemetry and a health check) and runs migrations at start.</summary>
    public static IHostApplicationBuilder AddAsobiDatabase(this IHostApplicationBuilder builder)
    {
        // No database health check: a PostgreSQL outage must not take every node out of its load balancer at once
        // (nodes keep serving local players); the bus reports it as Degraded instead.
        builder.AddNpgsqlDataSource(ConnectionName, settings => settings.DisableHealthChecks = true, dataSource =>
        {
            // Fail a request in seconds, not Npgsql's default 15 s, when the database is away (unless configured).
            if (!dataSource.ConnectionStringBuilder.ContainsKey("Timeout"))
            {
                dataSource.ConnectionStringBuilder.Timeout = DefaultConnectTimeoutSeconds;
            }
        });
        builder.Services.AddHostedService<PoolResetOnResynchronize>();
        builder.Services.AddSingleton<MigrationRunner>();
        // Inserted first so it completes before every other hosted service (bus, registry) starts.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrationHostedService>());
        return builder;
    }
}
