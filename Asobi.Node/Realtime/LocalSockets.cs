using System.Collections.Concurrent;

namespace Asobi.Node.Realtime;

/// <summary>This node's open sockets, indexed by player once they authenticate (a player may hold several).</summary>
public sealed class LocalSockets(IEnumerable<ISocketObserver> observers)
{
    private readonly ISocketObserver[] observers = [.. observers];

    private readonly ConcurrentDictionary<long, SocketSession> all = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<long, SocketSession>> byPlayer = new();

    public int Count => all.Count;

    public void Add(SocketSession socket) => all[socket.Id] = socket;

    public void Authenticate(SocketSession socket, Guid playerId, Guid sessionId, ClientFeatures features = ClientFeatures.None)
    {
        socket.BindIdentity(playerId, sessionId, features);
        byPlayer.GetOrAdd(playerId, _ => new ConcurrentDictionary<long, SocketSession>())[socket.Id] = socket;
        foreach (var observer in observers)
        {
            observer.OnAuthenticated(socket);
        }
    }

    public void Remove(SocketSession socket)
    {
        all.TryRemove(socket.Id, out _);
        if (socket.PlayerId is { } player && byPlayer.TryGetValue(player, out var set))
        {
            set.TryRemove(socket.Id, out _);
            if (set.IsEmpty)
            {
                byPlayer.TryRemove(new KeyValuePair<Guid, ConcurrentDictionary<long, SocketSession>>(player, set));
            }
        }

        foreach (var observer in observers)
        {
            observer.OnClosed(socket);
        }
    }

    /// <summary>Whether this node holds at least one authenticated socket of the player.</summary>
    public bool HasPlayer(Guid playerId) => byPlayer.TryGetValue(playerId, out var set) && !set.IsEmpty;

    /// <summary>Players with at least one authenticated socket on this node now.</summary>
    public int PlayerCount
    {
        get
        {
            var count = 0;
            foreach (var pair in byPlayer)
            {
                if (!pair.Value.IsEmpty)
                {
                    count++;
                }
            }

            return count;
        }
    }

    // Both enumerate the live dictionaries rather than copy them (ConcurrentDictionary.Values copies every entry: on
    // a node with 19,000 sockets, a 150 KB array on the large object heap per heartbeat or metrics read). Sockets
    // added or removed meanwhile may or may not be seen, which every caller accepts.
    public IEnumerable<SocketSession> All()
    {
        foreach (var pair in all)
        {
            yield return pair.Value;
        }
    }

    public IEnumerable<SocketSession> OfPlayer(Guid playerId)
    {
        if (!byPlayer.TryGetValue(playerId, out var set))
        {
            yield break;
        }

        foreach (var pair in set)
        {
            yield return pair.Value;
        }
    }
}
