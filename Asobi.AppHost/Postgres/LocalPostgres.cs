using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Asobi.AppHost.Postgres;

/// <summary>
/// PostgreSQL from the machine's server binaries, as two executables: <c>pg-init</c> (initdb once into a data
/// directory that survives restarts) and <c>pg</c> (the server, on a free loopback port).
/// </summary>
internal static class LocalPostgres
{
    /// <summary>The server listens here only; nothing outside this machine can reach it.</summary>
    private const string ListenAddress = "127.0.0.1";

    private const string Superuser = "postgres";
    private const string Script = "postgres-local.sh";
    private const string ReadyCheck = "pg_accepts_connections";

    private const string DatabaseExistsSql = "SELECT 1 FROM pg_database WHERE datname = $1";
    private const string CreateDatabaseSql = $"CREATE DATABASE {AsobiDatabase.Name}";

    public static IResourceBuilder<ConnectionStringResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> password)
    {
        var binDir = PostgresBinaries.Find(builder.Configuration);
        var dataDir = DataDirectory(builder);
        var script = Path.Combine(builder.AppHostDirectory, "Postgres", Script);

        var init = builder.AddExecutable("pg-init", "bash", builder.AppHostDirectory, script, "init", dataDir)
            .WithEnvironment("PG_BIN", binDir)
            .WithEnvironment("PGPASSWORD", password);

        var pg = builder.AddExecutable("pg", "bash", builder.AppHostDirectory, script, "run", dataDir,
                "-c", $"listen_addresses={ListenAddress}", "-c", "unix_socket_directories=")
            .WithEnvironment("PG_BIN", binDir)
            // No port: Aspire picks a free one once and keeps it for restarts of pg.
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "PGPORT", isProxied: false)
            .WaitForCompletion(init)
            .WithHealthCheck(ReadyCheck);

        var port = pg.GetEndpoint("tcp").Property(EndpointProperty.Port);
        var server = ReferenceExpression.Create(
            $"Host={ListenAddress};Port={port};Username={Superuser};Password={password};Database=postgres");

        builder.Services.AddHealthChecks().AddAsyncCheck(ReadyCheck, async ct =>
        {
            await using var conn = await OpenAsync(server, ct);
            return HealthCheckResult.Healthy();
        });

        // Runs each time pg becomes healthy, so also after a restart; dependants wait for it to finish.
        pg.OnResourceReady(async (resource, e, ct) =>
        {
            var log = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            await using var conn = await OpenWhenReadyAsync(server, ct);
            await using var exists = new NpgsqlCommand(DatabaseExistsSql, conn) { Parameters = { new() { Value = AsobiDatabase.Name } } };
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                await using var create = new NpgsqlCommand(CreateDatabaseSql, conn);
                await create.ExecuteNonQueryAsync(ct);
                log.LogInformation("Created the asobi database");
            }
        });

        return builder.AddConnectionString(AsobiDatabase.Name, ReferenceExpression.Create(
                $"Host={ListenAddress};Port={port};Username={Superuser};Password={password};Database={AsobiDatabase.Name}"))
            .WaitFor(pg); // healthy and the database created, not merely started
    }

    /// <summary>
    /// <c>Postgres:DataDir</c> (relative to the AppHost folder); by default <c>/var/lib/asobi/postgres</c> for
    /// root, whose home the postgres account cannot enter, and <c>~/.local/share/asobi/postgres</c> otherwise.
    /// </summary>
    private static string DataDirectory(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["Postgres:DataDir"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, builder.AppHostDirectory);
        }

        var root = Environment.IsPrivilegedProcess
            ? "/var/lib"
            : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        return Path.Combine(root, "asobi", "postgres");
    }

    /// <summary>
    /// Right after a restart the last health result can still say healthy while the server is starting up
    /// (57P03), so the ready handler retries for a while instead of failing the resource.
    /// </summary>
    private static async Task<NpgsqlConnection> OpenWhenReadyAsync(ReferenceExpression connectionString, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await OpenAsync(connectionString, ct);
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, ct);
            }
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(ReferenceExpression connectionString, CancellationToken ct)
    {
        var conn = new NpgsqlConnection(await connectionString.GetValueAsync(ct) + ";Pooling=false;Timeout=5");
        try
        {
            await conn.OpenAsync(ct);
            return conn;
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }
}
