using Microsoft.Extensions.Options;

namespace Asobi.Node.Operator;

/// <summary>Registers operator authentication and lets features put their operator routes behind it.</summary>
public static class OperatorAccess
{
    public static IServiceCollection AddOperatorAccess(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<OperatorOptions>().Bind(config.GetSection(OperatorOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>();
        services.AddSingleton<OperatorKeyFilter>();
        return services;
    }

    /// <summary>Every route of the group needs the operator key (<see cref="OperatorKeyFilter.HeaderName"/>), not a player token.</summary>
    public static RouteGroupBuilder RequireOperatorKey(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter((context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<OperatorKeyFilter>().InvokeAsync(context, next));
        return group;
    }
}
