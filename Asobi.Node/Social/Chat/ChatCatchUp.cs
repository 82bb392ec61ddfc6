using Asobi.Bus;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Fanout;
using Asobi.Node.Social.Presence;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Social.Chat;

/// <summary>
/// Delivers the chat and DM messages this node missed while its bus listener was away. Messages are stored before
/// they are announced, so when the bus reconnects this node re-reads what was stored since it last saw the bus
/// connected (minus a margin for clock skew, at most <see cref="ChatOptions.CatchUpWindow"/>) in the channels its
/// sockets follow and the DMs of its players, and delivers each message it has not delivered yet
/// (<see cref="DeliveredMessages"/>). Missed messages may arrive after newer live ones.
/// </summary>
public sealed partial class ChatCatchUp(
    ChatStore store,
    TopicTracker topics,
    PresenceTracker players,
    FanoutRouter router,
    DeliveredMessages delivered,
    BusConnectedClock clock,
    IClusterBus bus,
    IOptions<ChatOptions> options,
    ILogger<ChatCatchUp> logger) : BusCatchUp(bus)
{
    /// <summary>Most messages one catch-up delivers; the rest are in history.</summary>
    public const int MaxMessages = 10_000;

    /// <summary>Runs on the bus delivery loop, so live deliveries wait until it is done (and are then deduplicated).</summary>
    public override async ValueTask CatchUpAsync(CancellationToken ct)
    {
        var since = clock.CatchUpSince(options.Value.CatchUpWindow);

        var channels = topics.Topics().Where(t => !t.StartsWith("dm:", StringComparison.Ordinal)).ToList();
        var local = players.LocalPlayers();
        if (channels.Count == 0 && local.Count == 0)
        {
            return;
        }

        IReadOnlyList<ChatMessage> missed;
        try
        {
            missed = await store.RecentAsync(since, channels, local, MaxMessages, ct);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            LogCatchUpFailed(ex);
            return;
        }

        var count = 0;
        foreach (var m in missed)
        {
            if (!delivered.TryMark(m.Id))
            {
                continue;
            }

            count++;
            if (ChatChannel.TryParse(m.ChannelId, out var channel) && channel.Kind == ChannelKind.Dm)
            {
                var frame = Envelope.Serialize(ChatKinds.Dm, ChatService.View(m));
                router.DeliverToPlayers([channel.Other(m.SenderId)], ChatKinds.Dm, frame);
            }
            else
            {
                router.DeliverToTopic(m.ChannelId, ChatKinds.Chat, Envelope.Serialize(ChatKinds.Chat, ChatService.View(m)));
            }
        }

        if (count > 0 || missed.Count == MaxMessages)
        {
            LogCaughtUp(count, since, missed.Count == MaxMessages);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bus catch-up delivered {Count} chat messages stored since {Since} (truncated: {Truncated})")]
    private partial void LogCaughtUp(int count, DateTimeOffset since, bool truncated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bus catch-up could not read recent chat messages; they are in history")]
    private partial void LogCatchUpFailed(Exception ex);
}
