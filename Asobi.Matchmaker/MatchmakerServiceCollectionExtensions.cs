using Asobi.Data;
using Asobi.Cluster;
using Asobi.Matchmaking;

namespace Asobi.Matchmaker;

/// <summary>Registers one matchmaker instance (the process runs one; the AppHost runs two processes).</summary>
public static class MatchmakerServiceCollectionExtensions
{
    public static IServiceCollection AddMatchmaker(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MatchmakerOptions>(configuration.GetSection(MatchmakerOptions.Section));
        services.Configure<GameModesOptions>(o => configuration.GetSection(GameModesOptions.Section).Bind(o.Modes));
        services.Configure<ClusterOptions>(configuration.GetSection(ClusterOptions.Section));
        services.AddSingleton<IMatchmakingStrategy, FillStrategy>();
        services.AddSingleton<IMatchmakingStrategy, SkillStrategy>();
        services.AddSingleton<NodeRegistryStore>();
        services.AddSingleton<MatchmakerInstanceStore>();
        services.AddSingleton<MatchmakerMetrics>();
        services.AddSingleton(sp => new MatchmakerLeaderSettings(
            sp.GetRequiredService<NodeIdentity>().NodeId,
            Environment.MachineName,
            Environment.ProcessId,
            // A session advisory lock needs a real session: the direct connection when queries go through a pooler.
            MatchmakerLeaderSettings.Dedicated(DatabaseConfiguration.DirectConnectionString(configuration))));
        services.AddSingleton<MatchmakerLeader>();
        services.AddHostedService(sp => sp.GetRequiredService<MatchmakerLeader>());
        return services;
    }
}
