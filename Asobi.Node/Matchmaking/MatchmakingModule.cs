using Asobi.Matchmaking;
using Asobi.Node.Matches;
using Asobi.Node.Matches.Games;
using Asobi.Node.Matches.Handlers;
using Asobi.Node.Matchmaking.Handlers;
using Asobi.Node.Realtime;

namespace Asobi.Node.Matchmaking;

/// <summary>Registers tickets, match hosting, the game modes and their routes and socket handlers.</summary>
public static class MatchmakingModule
{
    public static IServiceCollection AddMatchmaking(this IServiceCollection services, IConfiguration configuration)
    {
        // Match chat channels: the players of a live match (replaces the social default that admits nobody).
        services.AddSingleton<Social.Chat.IMatchMembership, Matches.MatchChatMembership>();
        services.Configure<GameModesOptions>(o => configuration.GetSection(GameModesOptions.Section).Bind(o.Modes));
        services.Configure<MatchOptions>(configuration.GetSection(MatchOptions.Section));

        // Tickets.
        services.AddSingleton<TicketStore>();
        services.AddSingleton<MatchmakingService>();
        services.AddSingleton<MatchmakerStatusStore>();
        services.AddSingleton<TicketFollowUps>();
        services.AddHostedService<TicketFollowUpWorker>();
        services.AddSingleton<IMessageHandler, MatchmakerAddHandler>();
        services.AddSingleton<IMessageHandler, MatchmakerRemoveHandler>();

        // Matches hosted here.
        services.AddSingleton<IGameMode, DemoGameMode>();
        services.AddSingleton<IGameMode, TicTacToeGameMode>();
        services.AddSingleton<IGameMode, TugOfWarGameMode>();
        services.AddSingleton<MatchMetrics>();
        services.AddSingleton<MatchStore>();
        services.AddSingleton<MatchDirectory>();
        services.AddSingleton<MatchService>();

        // Players whose client does not follow match.migrate: relayed between their node and the match's host.
        services.AddSingleton<Matches.Relay.RelaySeats>();
        services.AddSingleton<Matches.Relay.RelayOutbox>();
        services.AddSingleton<Matches.Relay.RelayHost>();
        services.AddHostedService<Matches.Relay.RelayWorker>();
        services.AddSingleton<ISocketObserver, MatchSocketObserver>();
        services.AddSingleton<IMessageHandler, MatchJoinHandler>();
        services.AddSingleton<IMessageHandler, MatchFindOrCreateHandler>();
        services.AddSingleton<IMessageHandler, MatchLeaveHandler>();
        services.AddSingleton<IMessageHandler, MatchInputHandler>();
        services.AddSingleton<IMessageHandler, MatchListHandler>();
        services.AddHostedService<MatchmakingRelay>();
        return services;
    }

    public static RouteGroupBuilder MapMatchmaking(this RouteGroupBuilder api) => api.MapMatchmakingApi().MapMatchesApi();
}
