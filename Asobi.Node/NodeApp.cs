using Asobi.Cluster;
using Asobi.Data;
using Asobi.Node.Accounts;
using Asobi.Node.Cluster;
using Asobi.Node.Economy;
using Asobi.Node.Http;
using Asobi.Node.Matchmaking;
using Asobi.Node.Operator;
using Asobi.Node.Realtime;
using Asobi.Node.Realtime.Handlers;
using Asobi.Node.Realtime.Upgrade;
using Asobi.Node.Social;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Asobi.Node;

/// <summary>Builds a node's web application; tests build the same app on a free port.</summary>
public static class NodeApp
{
    public const string ApiPrefix = "/api/v1";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(k => k.UseDirectWebSocketUpgrade());
        if (builder.Configuration.GetValue<bool>($"{SocketOptions.Section}:{nameof(SocketOptions.InlineScheduling)}"))
        {
            InlineScheduling.Enable(builder.WebHost);
        }
        builder.AddServiceDefaults();
        configure?.Invoke(builder);
        builder.AddAsobiDatabase();
        builder.AddNodeServices();
        builder.Services.AddOperatorAccess(builder.Configuration);
        builder.Services.AddSocial(builder.Configuration);
        builder.Services.AddMatchmaking(builder.Configuration);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapRealtime();
        app.MapGroup(ApiPrefix)
            .MapAccountApi()
            .MapPlayerApi()
            .MapClusterApi()
            .MapSocialApi()
            .MapMatchmaking()
            .MapGameEconomyApi();
        return app;
    }

    private static void AddNodeServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(NodeIdentity.FromConfiguration(config, "node"));
        services.Configure<AuthOptions>(config.GetSection(AuthOptions.Section));
        services.Configure<SocketOptions>(config.GetSection(SocketOptions.Section));
        services.Configure<ClusterOptions>(config.GetSection(ClusterOptions.Section));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = ApiJson.Options.PropertyNamingPolicy);
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();

        services.AddClusterBus();
        services.AddGameEconomy(config);

        // Accounts and tokens.
        services.AddSingleton<PlayerStore>();
        services.AddSingleton<AuthSessionStore>();
        services.AddSingleton<SecretStore>();
        services.AddSingleton(sp =>
        {
            var auth = sp.GetRequiredService<IOptions<AuthOptions>>().Value;
            return new SessionStatusCache(sp.GetRequiredService<TimeProvider>(), auth.SessionCacheTtl, auth.SessionCacheCapacity);
        });
        services.AddSingleton<TokenService>();
        services.AddHostedService<SigningKeyLoader>();
        services.AddSingleton<SessionRevocation>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionRevocation>());
        services.AddSingleton<AccountService>();
        services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddAuthRateLimits(config.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions());

        // Realtime.
        services.AddSingleton<LocalSockets>();
        services.AddSingleton<NodeMetrics>();
        services.AddSingleton<MessageDispatcher>();
        services.AddSingleton<SocketRunner>();
        services.AddSingleton<IMessageHandler, SessionConnectHandler>();
        services.AddSingleton<IMessageHandler, SessionHeartbeatHandler>();
        services.AddHostedService<SocketShutdown>();
        services.AddHostedService<KeepAliveSweep>();

        // Cluster registry.
        services.AddSingleton<NodeRegistryStore>();
        services.AddSingleton<NodeRegistryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<NodeRegistryWorker>());
    }
}
