using Microsoft.Extensions.Configuration;

namespace Asobi.AppHost.Postgres;

/// <summary>Adds the <c>asobi</c> database in the mode <see cref="PostgresModes.Select"/> picks.</summary>
internal static class AsobiDatabase
{
    /// <summary>The connection-string resource name in every mode: services read <c>ConnectionStrings__asobi</c>.</summary>
    public const string Name = "asobi";

    public const string PasswordParameter = "pg-password";

    /// <summary>
    /// The database, ready to reference and wait for: in local mode it starts once the server accepts
    /// connections and the database exists.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddAsobiDatabase(this IDistributedApplicationBuilder builder)
    {
        var mode = PostgresModes.Select(builder.Configuration, builder.ExecutionContext.IsPublishMode);
        if (mode == PostgresMode.External)
        {
            if (builder.ExecutionContext.IsRunMode && string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(Name)))
            {
                throw new DistributedApplicationException(
                    $"Postgres:Mode=external needs ConnectionStrings:{Name} (the connection string of an existing database).");
            }

            return builder.AddConnectionString(Name);
        }

        // Generated once and kept in the AppHost's user secrets (Parameters:pg-password), so a persistent
        // data directory keeps working across restarts; letters and digits only, so it needs no quoting.
        var password = builder.AddParameter(
            PasswordParameter,
            new GenerateParameterDefault { MinLength = 24, Special = false },
            secret: true,
            persist: true);

        return mode == PostgresMode.Container
            ? builder.AddPostgres("postgres", password: password).WithDataVolume().AddDatabase(Name)
            : builder.AddLocalPostgres(password);
    }
}
