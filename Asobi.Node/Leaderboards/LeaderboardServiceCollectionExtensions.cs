namespace Asobi.Node.Leaderboards;

public static class LeaderboardServiceCollectionExtensions
{
    /// <summary>Leaderboards: definitions from <c>Asobi:Leaderboards</c>, the store, per-node caches and the service.</summary>
    public static IServiceCollection AddLeaderboards(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<LeaderboardOptions>(config.GetSection(LeaderboardOptions.Section));
        services.AddSingleton<LeaderboardStore>();
        services.AddSingleton<LeaderboardMetrics>();
        services.AddSingleton<LeaderboardCaches>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaderboardCaches>());
        services.AddSingleton<LeaderboardService>();
        services.AddSingleton<LeaderboardCatchUpWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaderboardCatchUpWorker>());
        services.AddSingleton<LeaderboardResetWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaderboardResetWorker>());
        return services;
    }
}
