using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Asobi.Data;

public static class DatabaseConfiguration
{
    /// <summary>The Aspire connection name every Asobi process reads (<c>ConnectionStrings:asobi</c>).</summary>
    public const string ConnectionName = "asobi";

    /// <summary>
    /// Optional: a direct connection (bypassing a transaction pooler such as PgBouncer) for what needs a real session:
    /// LISTEN, session advisory locks (migrations, the matchmaker leader). Falls back to <see cref="ConnectionName"/>.
    /// </summary>
    public const string DirectConnectionName = "asobi-direct";

    /// <summary>Optional: a read-only replica for reads that tolerate a little lag (leaderboards, history).</summary>
    public const string ReadConnectionName = "asobi-read";

    /// <summary>The key of the <see cref="NpgsqlDataSource"/> for replica reads (the primary when no replica is configured).</summary>
    public const string ReadReplicaKey = "read";

    /// <summary>Seconds to wait for a connection when the connection string does not say.</summary>
    public const int DefaultConnectTimeoutSeconds = 5;

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionName) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"No database configured: set ConnectionStrings:{ConnectionName} (the AppHost does this for you).");

    /// <summary>The connection string for session-bound work: <c>asobi-direct</c> when set, else <c>asobi</c>.</summary>
    public static string DirectConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(DirectConnectionName) is { Length: > 0 } direct ? direct : ConnectionString(configuration);

    /// <summary>Registers the pooled data source (with Npgsql telemetry and a health check) and runs migrations at start.</summary>
    public static IHostApplicationBuilder AddAsobiDatabase(this IHostApplicationBuilder builder)
    {
        // No database health check: a PostgreSQL outage must not take every node out of its load balancer at once
        // (nodes keep serving local players); the bus reports it as Degraded instead.
        builder.AddNpgsqlDataSource(ConnectionName, settings => settings.DisableHealthChecks = true, dataSource =>
        {
            if (!dataSource.ConnectionStringBuilder.ContainsKey("Timeout"))
            {
                dataSource.ConnectionStringBuilder.Timeout = DefaultConnectTimeoutSeconds;
            }
        });
        builder.Services.AddKeyedSingleton(ReadReplicaKey, (sp, _) =>
            builder.Configuration.GetConnectionString(ReadConnectionName) is { Length: > 0 } replica
                ? NpgsqlDataSource.Create(WithDefaultTimeout(replica))
                : sp.GetRequiredService<NpgsqlDataSource>());
        builder.Services.AddHostedService<PoolResetOnResynchronize>();
        builder.Services.AddSingleton<MigrationRunner>();
        // Inserted first so it completes before every other hosted service (bus, registry) starts.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrationHostedService>());
        return builder;
    }

    // Fail a request in seconds, not Npgsql's default 15 s, when the database is away (unless configured).
    private static string WithDefaultTimeout(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!settings.ContainsKey("Timeout"))
        {
            settings.Timeout = DefaultConnectTimeoutSeconds;
        }

        return settings.ConnectionString;
    }
}
