using Asobi.Bus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ClusterBusServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IClusterBus"/> (PostgreSQL LISTEN/NOTIFY) as a singleton and hosted service, with the
    /// "bus" health check. Settings come from <c>Asobi:Bus</c>; the host registers <c>NodeIdentity</c>.
    /// </summary>
    public static IServiceCollection AddClusterBus(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<ClusterBusOptions>()
            .BindConfiguration(ClusterBusOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    options.ConnectionString = configuration.GetConnectionString("asobi-direct")
                        ?? configuration.GetConnectionString("asobi");
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterBusOptions>, ClusterBusOptionsValidator>());

        services.TryAddSingleton<PostgresClusterBus>();
        services.TryAddSingleton<IClusterBus>(sp => sp.GetRequiredService<PostgresClusterBus>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresClusterBus>());
        services.AddHealthChecks().AddCheck<BusHealthCheck>(BusHealthCheck.Name);
        return services;
    }
}
