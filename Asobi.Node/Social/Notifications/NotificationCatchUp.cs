using Asobi.Bus;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Fanout;
using Asobi.Node.Social.Presence;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Social.Notifications;

/// <summary>
/// Pushes the <c>notification.new</c> this node missed while its bus listener was away. Notifications are stored
/// before they are pushed, so when the bus reconnects this node re-reads the unread notifications of its players and
/// the operator broadcasts sent since it last saw the bus connected (less a margin for clock skew, at most
/// <see cref="NotificationOptions.CatchUpWindow"/>) and pushes each one it had not pushed
/// (<see cref="DeliveredNotifications"/>). A missed one may arrive after newer ones; <c>sent_at</c> gives the order.
/// </summary>
public sealed partial class NotificationCatchUp(
    NotificationStore store,
    PresenceTracker players,
    FanoutRouter router,
    DeliveredNotifications delivered,
    BusConnectedClock clock,
    IClusterBus bus,
    IOptions<NotificationOptions> options,
    ILogger<NotificationCatchUp> logger) : BusCatchUp(bus)
{
    /// <summary>Most notifications, and most broadcasts, one catch-up pushes; the rest are listed by REST.</summary>
    public const int MaxNotifications = 10_000;

    /// <summary>Runs on the bus delivery loop: live pushes wait until it is done, then are deduplicated.</summary>
    public override async ValueTask CatchUpAsync(CancellationToken ct)
    {
        var local = players.LocalPlayers();
        if (local.Count == 0)
        {
            return;
        }

        var since = clock.CatchUpSince(options.Value.CatchUpWindow);
        IReadOnlyList<Notification> missed;
        IReadOnlyList<Notification> broadcasts;
        try
        {
            missed = await store.UnreadSinceAsync(since, local, MaxNotifications, ct);
            broadcasts = await store.BroadcastsSinceAsync(since, MaxNotifications, ct);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            LogCatchUpFailed(ex);
            return;
        }

        var count = 0;
        foreach (var n in missed)
        {
            if (delivered.TryMark(n.Id))
            {
                count++;
                router.DeliverToPlayers([n.PlayerId], NotificationService.PushType, Frame(n));
            }
        }

        foreach (var b in broadcasts)
        {
            if (delivered.TryMark(b.Id))
            {
                count++;
                router.DeliverToAll(NotificationService.PushType, Frame(b));
            }
        }

        var truncated = missed.Count == MaxNotifications || broadcasts.Count == MaxNotifications;
        if (count > 0 || truncated)
        {
            LogCaughtUp(count, since, truncated);
        }
    }

    private static byte[] Frame(Notification n) => Envelope.Serialize(NotificationService.PushType, NotificationService.View(n));

    [LoggerMessage(Level = LogLevel.Information, Message = "Bus catch-up pushed {Count} notifications sent since {Since} (truncated: {Truncated})")]
    private partial void LogCaughtUp(int count, DateTimeOffset since, bool truncated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bus catch-up could not read recent notifications; they are listed by REST")]
    private partial void LogCatchUpFailed(Exception ex);
}
