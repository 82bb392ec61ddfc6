using Microsoft.Extensions.Configuration;

namespace Asobi.AppHost;

internal static class ServiceConfiguration
{
    /// <summary>
    /// Passes every key of the AppHost's <c>Asobi</c> section to the service as an environment variable
    /// (<c>Asobi:Auth:RegisterPerMinute</c> becomes <c>Asobi__Auth__RegisterPerMinute</c>), so local runs and tests
    /// tune all services in one place. Run mode only: a deployment configures its services itself.
    /// </summary>
    public static IResourceBuilder<T> WithAsobiConfiguration<T>(this IResourceBuilder<T> service, IConfiguration configuration)
        where T : IResourceWithEnvironment
    {
        if (!service.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return service;
        }

        foreach (var (key, value) in configuration.GetSection("Asobi").AsEnumerable())
        {
            if (value is not null)
            {
                service.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return service;
    }
}
