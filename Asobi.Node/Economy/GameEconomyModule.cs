using Asobi.Node.Leaderboards;

namespace Asobi.Node.Economy;

/// <summary>One registration and one route map for leaderboards, the economy and player storage.</summary>
public static class GameEconomyModule
{
    public static IServiceCollection AddGameEconomy(this IServiceCollection services, IConfiguration config)
    {
        services.AddLeaderboards(config);
        return services;
    }

    public static RouteGroupBuilder MapGameEconomyApi(this RouteGroupBuilder api) =>
        api.MapLeaderboardApi();
}
