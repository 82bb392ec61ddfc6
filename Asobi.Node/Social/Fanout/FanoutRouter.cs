using System.Text;
using Asobi.Bus;
using Asobi.Cluster;
using Asobi.Node.Realtime;

namespace Asobi.Node.Social.Fanout;

/// <summary>
/// Delivers a frame, serialized once, to the sockets that follow a topic or belong to some players: this node's
/// directly, every other node's through ONE bus event per message, which each node delivers to its own sockets.
/// Never blocks: sockets have bounded queues (a full one closes that socket as a slow consumer); when the bus queue
/// is full the message is counted as dropped for other nodes (it was persisted first, so history still has it).
/// </summary>
public sealed partial class FanoutRouter(
    TopicTracker topics,
    LocalSockets sockets,
    IClusterBus bus,
    NodeIdentity identity,
    DeliveredMessages delivered,
    DeliveredNotifications notifications,
    SocialMetrics metrics,
    ILogger<FanoutRouter> logger) : IHostedService
{
    /// <summary>Bus topic; data is <c>t&lt;topic&gt;\n&lt;frame&gt;</c>, <c>p&lt;id&gt;,&lt;id&gt;…\n&lt;frame&gt;</c>,
    /// <c>a\n&lt;frame&gt;</c> (every signed-in socket) or <c>e&lt;topic&gt;\n&lt;player id&gt;</c> (an eviction);
    /// compact JSON frames never contain a raw newline.</summary>
    public const string BusTopic = "social.fanout";

    private IDisposable? subscription;

    /// <summary>
    /// Delivers to every socket following <paramref name="topic"/> on any node (on this node only when
    /// <paramref name="deliverHere"/>: false when this node delivered it already).
    /// </summary>
    public void ToTopic(string topic, string kind, byte[] frame, bool deliverHere = true)
    {
        metrics.Sent(kind);
        if (deliverHere)
        {
            DeliverToTopic(topic, kind, frame);
        }

        Publish("t" + topic, frame);
    }

    /// <summary>Delivers to every socket of these players on any node (see <see cref="ToTopic"/> for <paramref name="deliverHere"/>).</summary>
    public void ToPlayers(IReadOnlyCollection<Guid> players, string kind, byte[] frame, bool deliverHere = true)
    {
        if (players.Count == 0)
        {
            return;
        }

        metrics.Sent(kind);
        if (deliverHere)
        {
            DeliverToPlayers(players, kind, frame);
        }

        Publish("p" + string.Join(',', players), frame);
    }

    public void ToPlayer(Guid player, string kind, byte[] frame, bool deliverHere = true) => ToPlayers([player], kind, frame, deliverHere);

    /// <summary>Delivers to every signed-in socket on every node (an operator broadcast): one bus event in all.</summary>
    public void ToAll(string kind, byte[] frame)
    {
        metrics.Sent(kind);
        DeliverToAll(kind, frame);
        Publish("a", frame);
    }

    /// <summary>Removes every socket of the player from the topic on every node (e.g. kicked out of a group room).</summary>
    public void Evict(Guid player, string topic)
    {
        topics.UntrackPlayer(player, topic);
        if (!bus.TryPublish(BusTopic, string.Concat("e", topic, "\n", player.ToString("D"))))
        {
            metrics.BusDropped();
            LogBusFull(topic);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = bus.Subscribe(BusTopic, OnBusMessage);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void Publish(string target, byte[] frame)
    {
        var data = string.Concat(target, "\n", Encoding.UTF8.GetString(frame));
        if (!bus.TryPublish(BusTopic, data))
        {
            metrics.BusDropped();
            LogBusFull(target.Length > 80 ? target[..80] : target);
        }
    }

    private ValueTask OnBusMessage(BusMessage message)
    {
        if (message.OriginNodeId == identity.NodeId)
        {
            return ValueTask.CompletedTask; // delivered directly when published
        }

        var data = message.Data;
        var newline = data.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 1)
        {
            return ValueTask.CompletedTask;
        }

        var target = data.AsSpan(1, newline - 1);
        if (data[0] == 'e')
        {
            if (Guid.TryParse(data.AsSpan(newline + 1), out var evicted))
            {
                topics.UntrackPlayer(evicted, target.ToString());
            }

            return ValueTask.CompletedTask;
        }

        var frame = Encoding.UTF8.GetBytes(data.AsSpan(newline + 1).ToString());
        var kind = KindOf(frame);
        if (kind is ChatKinds.Chat or ChatKinds.Dm
            && DeliveredMessages.TryReadId(data.AsSpan(newline + 1), out var messageId) && !delivered.TryMark(messageId))
        {
            return ValueTask.CompletedTask; // already delivered by the catch-up after a bus outage
        }

        if (kind == Notifications.NotificationService.PushType
            && DeliveredNotifications.TryReadId(data.AsSpan(newline + 1), out var notificationId) && !notifications.TryMark(notificationId))
        {
            return ValueTask.CompletedTask; // already pushed by the catch-up after a bus outage
        }

        if (data[0] == 'a')
        {
            DeliverToAll(kind, frame);
        }
        else if (data[0] == 't')
        {
            DeliverToTopic(target.ToString(), kind, frame);
        }
        else if (data[0] == 'p')
        {
            var players = new List<Guid>();
            foreach (var range in target.Split(','))
            {
                if (Guid.TryParse(target[range], out var id))
                {
                    players.Add(id);
                }
            }

            DeliverToPlayers(players, kind, frame);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Delivers to this node's sockets following the topic only (for the catch-up after a bus outage).</summary>
    public void DeliverToTopic(string topic, string kind, byte[] frame)
    {
        var count = 0;
        foreach (var socket in topics.Subscribers(topic))
        {
            if (socket.Send(frame))
            {
                count++;
            }
        }

        metrics.Delivered(kind, count);
    }

    /// <summary>Delivers to every signed-in socket of this node only (for the catch-up after a bus outage).</summary>
    public void DeliverToAll(string kind, byte[] frame)
    {
        var count = 0;
        foreach (var socket in sockets.All())
        {
            if (socket.PlayerId is not null && socket.Send(frame))
            {
                count++;
            }
        }

        metrics.Delivered(kind, count);
    }

    /// <summary>Delivers to this node's sockets of these players only (for callers that carry their own cross-node event).</summary>
    public void DeliverToPlayers(IEnumerable<Guid> players, string kind, byte[] frame)
    {
        var count = 0;
        foreach (var player in players)
        {
            foreach (var socket in sockets.OfPlayer(player))
            {
                if (socket.Send(frame))
                {
                    count++;
                }
            }
        }

        metrics.Delivered(kind, count);
    }

    /// <summary>The frame's type, read from its start (<c>{"type":"…"</c>, as <see cref="Envelope"/> writes it).</summary>
    private static string KindOf(byte[] frame)
    {
        const int start = 9; // {"type":"
        var end = Array.IndexOf(frame, (byte)'"', start);
        return end > start && end - start <= 64 ? Encoding.UTF8.GetString(frame, start, end - start) : "unknown";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bus queue full: fan-out to {Target} reached this node only")]
    private partial void LogBusFull(string target);
}
