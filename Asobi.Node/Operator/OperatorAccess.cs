using Asobi.Node.Accounts;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Operator;

/// <summary>Registers operator authentication and lets features put their operator routes behind it.</summary>
public static class OperatorAccess
{
    /// <summary>Authorization policy of read-only routes open to any signed-in player and to operators.</summary>
    public const string PlayerOrOperatorPolicy = "player-or-operator";

    /// <summary>Picks the operator scheme when the request carries the operator key header, else the player token scheme.</summary>
    private const string PlayerOrOperatorScheme = "PlayerOrOperator";

    public static IServiceCollection AddOperatorAccess(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<OperatorOptions>().Bind(config.GetSection(OperatorOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>();
        services.AddSingleton<OperatorKeyFilter>();
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, OperatorAuthenticationHandler>(OperatorAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(PlayerOrOperatorScheme, null, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.ContainsKey(OperatorKeyCheck.HeaderName) ? OperatorAuthenticationHandler.SchemeName : TokenAuthenticationHandler.SchemeName);
        services.AddAuthorizationBuilder().AddPolicy(PlayerOrOperatorPolicy, p => p.AddAuthenticationSchemes(PlayerOrOperatorScheme).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>Every route of the group needs the operator key (<see cref="OperatorKeyCheck.HeaderName"/>), not a player token.</summary>
    public static RouteGroupBuilder RequireOperatorKey(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter((context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<OperatorKeyFilter>().InvokeAsync(context, next));
        return group;
    }

    /// <summary>
    /// A read-only route for any signed-in player or for an operator: a player's bearer token, or the operator key in
    /// <see cref="OperatorKeyCheck.HeaderName"/> (which, when sent, decides: a wrong key is refused even beside a
    /// valid token).
    /// </summary>
    public static TBuilder RequirePlayerOrOperator<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PlayerOrOperatorPolicy);
}
