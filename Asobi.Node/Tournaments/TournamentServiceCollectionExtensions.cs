using Asobi.Node.Leaderboards;

namespace Asobi.Node.Tournaments;

public static class TournamentServiceCollectionExtensions
{
    /// <summary>Tournaments from <c>Asobi:Tournaments</c>; each one's leaderboard joins the node's rank caches.</summary>
    public static IServiceCollection AddTournaments(this IServiceCollection services, IConfiguration config)
    {
        var section = config.GetSection(TournamentOptions.Section);
        services.Configure<TournamentOptions>(section);
        var configured = section.Get<TournamentOptions>() ?? new TournamentOptions();
        var boards = configured.Tournaments.Select(kv => new TournamentDefinition(kv.Key, kv.Value).Board).ToList();
        services.PostConfigure<LeaderboardOptions>(o => o.Additional.AddRange(boards));
        services.AddSingleton<TournamentStore>();
        services.AddSingleton<TournamentService>();
        services.AddSingleton<TournamentPayoutWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<TournamentPayoutWorker>());
        return services;
    }
}
