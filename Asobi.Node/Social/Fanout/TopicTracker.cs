using System.Collections.Concurrent;
using Asobi.Node.Realtime;

namespace Asobi.Node.Social.Fanout;

/// <summary>
/// Which of this node's sockets follow which topic (a chat channel, a group room, a match). Sockets leave all their
/// topics when they close.
/// </summary>
public sealed class TopicTracker : ISocketObserver
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, SocketSession>> byTopic = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, byte>> bySocket = new();

    /// <summary>Adds the socket to the topic unless it already follows <paramref name="maxTopicsPerSocket"/> topics.</summary>
    public TrackOutcome Track(SocketSession socket, string topic, int maxTopicsPerSocket)
    {
        var topics = bySocket.GetOrAdd(socket.Id, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
        lock (topics)
        {
            if (topics.ContainsKey(topic))
            {
                return TrackOutcome.AlreadyTracked;
            }

            if (topics.Count >= maxTopicsPerSocket)
            {
                return TrackOutcome.LimitReached;
            }

            topics[topic] = 0;
        }

        byTopic.GetOrAdd(topic, _ => new ConcurrentDictionary<long, SocketSession>())[socket.Id] = socket;
        if (socket.IsClosing)
        {
            // Closed while we added it: OnClosed may have run already, so clean up ourselves.
            Untrack(socket, topic);
        }

        return TrackOutcome.Added;
    }

    public bool Untrack(SocketSession socket, string topic)
    {
        var removed = bySocket.TryGetValue(socket.Id, out var topics) && topics.TryRemove(topic, out _);
        if (byTopic.TryGetValue(topic, out var sockets))
        {
            sockets.TryRemove(socket.Id, out _);
            if (sockets.IsEmpty)
            {
                byTopic.TryRemove(new KeyValuePair<string, ConcurrentDictionary<long, SocketSession>>(topic, sockets));
            }
        }

        return removed;
    }

    public bool IsTracked(SocketSession socket, string topic) =>
        bySocket.TryGetValue(socket.Id, out var topics) && topics.ContainsKey(topic);

    /// <summary>The topics at least one of this node's sockets follows.</summary>
    public List<string> Topics() => [.. byTopic.Keys];

    public int CountOf(SocketSession socket) => bySocket.TryGetValue(socket.Id, out var topics) ? topics.Count : 0;

    /// <summary>This node's sockets following the topic (a live view; safe to enumerate while it changes).</summary>
    public ICollection<SocketSession> Subscribers(string topic) =>
        byTopic.TryGetValue(topic, out var sockets) ? sockets.Values : [];

    /// <summary>Removes every local socket of the player from the topic (e.g. kicked from a group).</summary>
    public void UntrackPlayer(Guid playerId, string topic)
    {
        foreach (var socket in Subscribers(topic).Where(s => s.PlayerId == playerId).ToList())
        {
            Untrack(socket, topic);
        }
    }

    public void OnAuthenticated(SocketSession socket)
    {
    }

    public void OnClosed(SocketSession socket)
    {
        if (bySocket.TryRemove(socket.Id, out var topics))
        {
            foreach (var topic in topics.Keys)
            {
                if (byTopic.TryGetValue(topic, out var sockets))
                {
                    sockets.TryRemove(socket.Id, out _);
                    if (sockets.IsEmpty)
                    {
                        byTopic.TryRemove(new KeyValuePair<string, ConcurrentDictionary<long, SocketSession>>(topic, sockets));
                    }
                }
            }
        }
    }
}
