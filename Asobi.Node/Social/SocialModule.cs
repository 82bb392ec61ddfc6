using Asobi.Node.Realtime;
using Asobi.Node.Social.Chat;
using Asobi.Node.Social.Fanout;
using Asobi.Node.Social.Friends;
using Asobi.Node.Social.Groups;
using Asobi.Node.Social.Handlers;
using Asobi.Node.Social.Notifications;
using Asobi.Node.Social.Presence;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Asobi.Node.Social;

/// <summary>Registers fan-out, chat, DMs, friends, notifications, presence and groups, and maps their routes.</summary>
public static class SocialModule
{
    public static IServiceCollection AddSocial(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ChatOptions>(config.GetSection(ChatOptions.Section));
        services.Configure<PresenceOptions>(config.GetSection(PresenceOptions.Section));
        services.Configure<GroupOptions>(config.GetSection(GroupOptions.Section));
        services.Configure<NotificationOptions>(config.GetSection(NotificationOptions.Section));
        services.AddSingleton<SocialMetrics>();

        // Fan-out: local subscriptions + the router that also publishes to other nodes.
        services.AddSingleton<TopicTracker>();
        services.AddSingleton<DeliveredMessages>();
        services.AddSingleton<DeliveredNotifications>();
        services.AddSingleton<BusConnectedClock>();
        services.AddHostedService(sp => sp.GetRequiredService<BusConnectedClock>());
        services.AddSingleton<ISocketObserver>(sp => sp.GetRequiredService<TopicTracker>());
        services.AddSingleton<FanoutRouter>();
        services.AddHostedService(sp => sp.GetRequiredService<FanoutRouter>());

        // Chat and DMs. Matches replace IMatchMembership with their own registration.
        services.TryAddSingleton<IMatchMembership, NoMatchMembership>();
        services.AddSingleton<ChatStore>();
        services.AddSingleton<ChatWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ChatWriter>());
        services.AddSingleton<ChatRateLimiter>();
        services.AddSingleton<ISocketObserver>(sp => sp.GetRequiredService<ChatRateLimiter>());
        services.AddHostedService<ChatRateSync>();
        services.AddSingleton<ChatCatchUp>();
        services.AddHostedService(sp => sp.GetRequiredService<ChatCatchUp>());
        services.AddSingleton<ChatService>();
        services.AddHostedService<ChatMaintenanceWorker>();
        services.AddSingleton<IMessageHandler, ChatJoinHandler>();
        services.AddSingleton<IMessageHandler, ChatLeaveHandler>();
        services.AddSingleton<IMessageHandler, ChatSendHandler>();
        services.AddSingleton<IMessageHandler, DmSendHandler>();

        // Friends, notifications, groups.
        services.AddSingleton<FriendStore>();
        services.AddSingleton<FriendService>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<NotificationCatchUp>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationCatchUp>());
        services.AddSingleton<GroupStore>();
        services.AddSingleton<GroupService>();

        // Presence.
        services.AddSingleton<PresenceStore>();
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<ISocketObserver>(sp => sp.GetRequiredService<PresenceTracker>());
        services.AddSingleton<PresenceVersions>();
        services.AddSingleton<PresenceService>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceService>());
        services.AddSingleton<PresenceCatchUp>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceCatchUp>());
        services.AddSingleton<IMessageHandler, PresenceUpdateHandler>();
        return services;
    }

    public static RouteGroupBuilder MapSocialApi(this RouteGroupBuilder api) =>
        api.MapChatApi().MapFriendApi().MapNotificationApi().MapOperatorNotificationApi().MapGroupApi();
}
