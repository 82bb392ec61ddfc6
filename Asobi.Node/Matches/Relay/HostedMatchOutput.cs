using Asobi.Node.Realtime;

namespace Asobi.Node.Matches.Relay;

/// <summary>
/// The output of a match hosted here. Players with a socket here get frames on their sockets at once; players relayed
/// by another node get theirs collected until <see cref="Flush(bool)"/>, then one bus event per relaying node carries the
/// batch (a frame shared by several of that node's players is carried once) through the <see cref="RelayOutbox"/>,
/// which lets batches of many matches to one node share bus events. A full bus queue drops the batch, counted: the
/// players miss that tick's frames, the match goes on.
/// </summary>
public sealed class HostedMatchOutput(Guid matchId, string hostNodeId, LocalSockets sockets, RelayOutbox outbox, TimeProvider time)
    : IMatchOutput
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, string> relayed = [];
    private readonly Dictionary<string, List<PendingFrame>> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Guid>> released = new(StringComparer.Ordinal);

    public Guid MatchId => matchId;

    /// <summary>From now on the player's frames go to <paramref name="relayNodeId"/> (a later relay or local join replaces it).</summary>
    public void Relay(Guid playerId, string relayNodeId)
    {
        lock (gate)
        {
            relayed[playerId] = relayNodeId;
        }
    }

    /// <summary>The player's frames go to their sockets here again (they joined on this node).</summary>
    public void Local(Guid playerId)
    {
        lock (gate)
        {
            relayed.Remove(playerId);
        }
    }

    /// <summary>The node relaying the player, or null when they are served here.</summary>
    public string? RelayOf(Guid playerId)
    {
        lock (gate)
        {
            return relayed.GetValueOrDefault(playerId);
        }
    }

    /// <summary>Every relayed player and the node relaying them.</summary>
    public List<(Guid Player, string Node)> Relayed()
    {
        lock (gate)
        {
            return [.. relayed.Select(r => (r.Key, r.Value))];
        }
    }

    public void SeatGivenUp(Guid playerId) => Release(playerId);

    /// <summary>The relaying node forgets the player's seat with the next batch (a refused join, a seat given up).</summary>
    public void Release(Guid playerId)
    {
        lock (gate)
        {
            if (relayed.Remove(playerId, out var node))
            {
                (released.TryGetValue(node, out var list) ? list : released[node] = []).Add(playerId);
            }
        }
    }

    public void Send(Guid playerId, byte[] frame)
    {
        string? node;
        lock (gate)
        {
            if (relayed.TryGetValue(playerId, out node))
            {
                var frames = pending.TryGetValue(node, out var list) ? list : pending[node] = [];
                if (frames.Count > 0 && ReferenceEquals(frames[^1].Frame, frame))
                {
                    frames[^1].Players.Add(playerId); // a shared frame: carried once for all of this node's players
                }
                else
                {
                    frames.Add(new PendingFrame(frame, [playerId]));
                }

                return;
            }
        }

        foreach (var socket in sockets.OfPlayer(playerId))
        {
            socket.Send(frame);
        }
    }

    public void Flush(bool droppable) => Flush(droppable, ended: false);

    public void Close() => Flush(droppable: false, ended: true);

    /// <summary>Sends what waits; <paramref name="ended"/> tells every relaying node that the match is over.</summary>
    private void Flush(bool droppable, bool ended)
    {
        lock (gate)
        {
            if (pending.Count == 0 && released.Count == 0 && !ended)
            {
                return;
            }

            var sentAt = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
            var nodes = ended ? [.. pending.Keys.Union(released.Keys).Union(relayed.Values)] : pending.Keys.Union(released.Keys).ToList();
            foreach (var node in nodes)
            {
                var frames = pending.GetValueOrDefault(node) ?? [];
                var batch = new RelayBatch(matchId, hostNodeId, sentAt, droppable && !ended && !released.ContainsKey(node), ended, Gone: false,
                    released.GetValueOrDefault(node) ?? [], [.. frames.Select(f => new RelayFrame(f.Frame, f.Players))]);
                outbox.Send(node, batch);
            }

            pending.Clear();
            released.Clear();
            if (ended)
            {
                relayed.Clear();
            }
        }
    }

    private sealed record PendingFrame(byte[] Frame, List<Guid> Players);
}
