using Microsoft.Extensions.Configuration;

namespace Asobi.AppHost.Postgres;

/// <summary>Where the <c>asobi</c> database comes from.</summary>
internal enum PostgresMode
{
    /// <summary>The machine's PostgreSQL server binaries, run by the AppHost: no container runtime needed.</summary>
    Local,

    /// <summary>The official PostgreSQL container image, with a data volume.</summary>
    Container,

    /// <summary>A server someone else runs, reached with <c>ConnectionStrings:asobi</c>.</summary>
    External,
}

internal static class PostgresModes
{
    /// <summary>
    /// <c>Postgres:Mode</c> when set; else <see cref="PostgresMode.External"/> when <c>ConnectionStrings:asobi</c>
    /// is configured, <see cref="PostgresMode.Container"/> when publishing, <see cref="PostgresMode.Local"/> otherwise.
    /// </summary>
    public static PostgresMode Select(IConfiguration configuration, bool isPublishMode)
    {
        var configured = configuration["Postgres:Mode"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim().ToUpperInvariant() switch
            {
                "LOCAL" => PostgresMode.Local,
                "CONTAINER" => PostgresMode.Container,
                "EXTERNAL" => PostgresMode.External,
                _ => throw new DistributedApplicationException(
                    $"Postgres:Mode is '{configured}'; use local, container or external."),
            };
        }

        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(AsobiDatabase.Name)))
        {
            return PostgresMode.External;
        }

        return isPublishMode ? PostgresMode.Container : PostgresMode.Local;
    }
}
