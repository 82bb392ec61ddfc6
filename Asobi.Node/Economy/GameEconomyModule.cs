using Asobi.Node.Leaderboards;
using Asobi.Node.Storage;
using Asobi.Node.Tournaments;

namespace Asobi.Node.Economy;

/// <summary>One registration and one route map for leaderboards, the economy, player storage and tournaments.</summary>
public static class GameEconomyModule
{
    public static IServiceCollection AddGameEconomy(this IServiceCollection services, IConfiguration config)
    {
        services.AddLeaderboards(config);
        services.Configure<EconomyOptions>(config.GetSection(EconomyOptions.Section));
        services.AddSingleton<EconomyStore>();
        services.AddSingleton<EconomyMetrics>();
        services.AddSingleton<EconomyService>();
        services.AddSingleton<LedgerPartitionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<LedgerPartitionWorker>());
        services.Configure<StorageOptions>(config.GetSection(StorageOptions.Section));
        services.AddSingleton<SaveStore>();
        services.AddSingleton<StorageObjectStore>();
        services.AddSingleton<StorageService>();
        services.AddTournaments(config);
        return services;
    }

    public static RouteGroupBuilder MapGameEconomyApi(this RouteGroupBuilder api) =>
        api.MapLeaderboardApi()
            .MapEconomyApi()
            .MapStorageApi()
            .MapTournamentApi();
}
