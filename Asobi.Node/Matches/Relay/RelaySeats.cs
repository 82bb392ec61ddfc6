using System.Collections.Concurrent;
using System.Text.Json;
using Asobi.Bus;
using Asobi.Cluster;
using Asobi.Node.Realtime;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Matches.Relay;

/// <summary>
/// The relaying side: players of this node whose client does not follow <c>match.migrate</c>, seated in a match on
/// another node. Their join, inputs, leave and disconnect go to the host over the bus; the host's frames come back in
/// batches and are written to the player's sockets here unchanged. One seat per player, as on a host.
/// </summary>
public sealed partial class RelaySeats
{
    private readonly ConcurrentDictionary<Guid, RelayedSeat> seats = new();
    private readonly IClusterBus bus;
    private readonly LocalSockets sockets;
    private readonly NodeIdentity node;
    private readonly MatchOptions options;
    private readonly MatchMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger<RelaySeats> logger;

    public RelaySeats(
        IClusterBus bus, LocalSockets sockets, NodeIdentity node, IOptions<MatchOptions> options, MatchMetrics metrics,
        TimeProvider time, ILogger<RelaySeats> logger)
    {
        this.bus = bus;
        this.sockets = sockets;
        this.node = node;
        this.options = options.Value;
        this.metrics = metrics;
        this.time = time;
        this.logger = logger;
        metrics.ObserveRelayedPlayers(() => seats.Count);
    }

    /// <summary>Players relayed by this node now.</summary>
    public int Count => seats.Count;

    /// <summary>The seat the player is relayed to, if any.</summary>
    public RelayedSeat? SeatOf(Guid playerId) => seats.GetValueOrDefault(playerId);

    /// <summary>Hosts of the seats relayed now.</summary>
    public IEnumerable<string> Hosts() => seats.Values.Select(s => s.HostNodeId).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Asks the host to seat the player; its <c>match.joined</c> and state (or error, with <paramref name="cidJson"/>)
    /// arrive through the relay. False when the bus would not take the request (nothing was sent).
    /// </summary>
    public bool Join(Guid playerId, Guid matchId, string hostNodeId, string mode, string? cidJson)
    {
        var seat = new RelayedSeat(matchId, hostNodeId, mode, cidJson, time.GetUtcNow() + options.RelayJoinTimeout);
        seats[playerId] = seat;
        if (Publish(seat.HostNodeId, new RelayCommand(RelayOp.Join, matchId, playerId, node.NodeId, cidJson)))
        {
            return true;
        }

        seats.TryRemove(new KeyValuePair<Guid, RelayedSeat>(playerId, seat));
        return false;
    }

    /// <summary>Forwards the input to the host; false when the player is relayed to no match. A full bus drops it, counted.</summary>
    public bool Input(Guid playerId, JsonElement input)
    {
        if (!seats.TryGetValue(playerId, out var seat))
        {
            return false;
        }

        if (!Publish(seat.HostNodeId, new RelayCommand(RelayOp.Input, seat.MatchId, playerId, node.NodeId, Input: input)))
        {
            metrics.RelayInputDropped();
        }

        return true;
    }

    /// <summary>The player leaves the relayed match for good; false when they were relayed to none.</summary>
    public bool Leave(Guid playerId)
    {
        if (!seats.TryRemove(playerId, out var seat))
        {
            return false;
        }

        Publish(seat.HostNodeId, new RelayCommand(RelayOp.Leave, seat.MatchId, playerId, node.NodeId));
        return true;
    }

    /// <summary>The player joined a match on this node instead: the relayed seat waits for its grace on its host.</summary>
    public void Detach(Guid playerId)
    {
        if (seats.TryRemove(playerId, out var seat))
        {
            Publish(seat.HostNodeId, new RelayCommand(RelayOp.Disconnect, seat.MatchId, playerId, node.NodeId));
        }
    }

    /// <summary>A socket of the player closed: when no socket that takes relayed frames is left, the host holds the seat for its grace.</summary>
    public void SocketClosed(Guid playerId)
    {
        if (sockets.OfPlayer(playerId).Any(s => !s.Migrates) || !seats.TryRemove(playerId, out var seat))
        {
            return;
        }

        Publish(seat.HostNodeId, new RelayCommand(RelayOp.Disconnect, seat.MatchId, playerId, node.NodeId));
    }

    /// <summary>Writes a batch from a host to its players' sockets here, then applies what it says of their seats.</summary>
    public void Deliver(RelayBatch batch)
    {
        var delivered = 0L;
        List<Guid>? strangers = null;
        foreach (var frame in batch.Frames)
        {
            foreach (var player in frame.Players)
            {
                if (!seats.TryGetValue(player, out var seat) || seat.MatchId != batch.MatchId)
                {
                    (strangers ??= []).Add(player);
                    continue;
                }

                seat.JoinDeadline = null; // the host answered
                foreach (var socket in sockets.OfPlayer(player))
                {
                    if (!socket.Migrates)
                    {
                        socket.Send(frame.Frame);
                        delivered++;
                    }
                }
            }
        }

        foreach (var player in batch.Released)
        {
            RemoveIf(player, batch.MatchId);
        }

        if (batch.Ended || batch.Gone)
        {
            foreach (var (player, seat) in seats.Where(s => s.Value.MatchId == batch.MatchId && s.Value.HostNodeId == batch.Host).ToList())
            {
                if (seats.TryRemove(new KeyValuePair<Guid, RelayedSeat>(player, seat)) && batch.Gone)
                {
                    EndAsLost(player, seat); // the host no longer runs the match it was playing
                }
            }
        }

        // Frames for players this node no longer relays (they left, moved on or reconnected elsewhere): the host
        // stops sending once it hears so.
        foreach (var player in strangers?.Distinct() ?? [])
        {
            Publish(batch.Host, new RelayCommand(RelayOp.Disconnect, batch.MatchId, player, node.NodeId));
        }

        if (delivered > 0)
        {
            var sentAt = DateTimeOffset.UnixEpoch.AddTicks(batch.SentAtUnixMicros * 10);
            metrics.RelayDelivered(delivered, time.GetUtcNow() - sentAt);
        }
    }

    /// <summary>
    /// Periodic check against the registry's live nodes: seats whose host was missing twice in a row end as
    /// <c>host_lost</c> (once is not enough: the registry lags a database restart by a heartbeat); joins the host
    /// never answered fail with <c>match.host_unreachable</c>.
    /// </summary>
    public void Check(IReadOnlySet<string> liveNodes)
    {
        var now = time.GetUtcNow();
        foreach (var (player, seat) in seats)
        {
            seat.HostMissing = liveNodes.Contains(seat.HostNodeId) ? 0 : seat.HostMissing + 1;
            if (seat.HostMissing >= 2)
            {
                if (seats.TryRemove(new KeyValuePair<Guid, RelayedSeat>(player, seat)))
                {
                    EndAsLost(player, seat);
                }
            }
            else if (seat.JoinDeadline is { } deadline && deadline <= now
                && seats.TryRemove(new KeyValuePair<Guid, RelayedSeat>(player, seat)))
            {
                LogJoinUnanswered(seat.MatchId, seat.HostNodeId);
                SendToPlayer(player, Envelope.Error(MatchErrors.HostUnreachable, seat.JoinCidJson));
                Publish(seat.HostNodeId, new RelayCommand(RelayOp.Disconnect, seat.MatchId, player, node.NodeId));
            }
        }
    }

    /// <summary>What a player whose host died gets: <c>match.finished</c> with reason <c>host_lost</c>.</summary>
    private void EndAsLost(Guid player, RelayedSeat seat)
    {
        LogHostLost(seat.MatchId, seat.HostNodeId);
        SendToPlayer(player, Envelope.Serialize("match.finished", new LostMatch(seat.MatchId, new LostReason("host_lost"))));
    }

    private void RemoveIf(Guid player, Guid matchId)
    {
        if (seats.TryGetValue(player, out var seat) && seat.MatchId == matchId)
        {
            seats.TryRemove(new KeyValuePair<Guid, RelayedSeat>(player, seat));
        }
    }

    private void SendToPlayer(Guid player, byte[] frame)
    {
        foreach (var socket in sockets.OfPlayer(player))
        {
            if (!socket.Migrates)
            {
                socket.Send(frame);
            }
        }
    }

    private bool Publish(string host, RelayCommand command) => bus.TryPublish(RelayTopics.ToHost(host), command.Write());

    private sealed record LostMatch(Guid MatchId, LostReason Result);

    private sealed record LostReason(string Reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relayed match {MatchId}: host {HostNodeId} is gone; its relayed players are told host_lost")]
    private partial void LogHostLost(Guid matchId, string hostNodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relayed join to match {MatchId} on {HostNodeId} got no answer in time")]
    private partial void LogJoinUnanswered(Guid matchId, string hostNodeId);
}
