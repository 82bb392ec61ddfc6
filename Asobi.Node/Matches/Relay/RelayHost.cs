using Asobi.Cluster;
using Asobi.Node.Realtime;

namespace Asobi.Node.Matches.Relay;

/// <summary>
/// The host's side of the relay: applies other nodes' commands for the players they relay to the matches hosted
/// here, as if the player's socket were here. Only the node the host knows as relaying a player may send that
/// player's inputs, leave or disconnect; a join from any node takes the player over (a reconnect elsewhere).
/// Commands for a match this node does not run are answered with a <c>gone</c> batch.
/// </summary>
public sealed partial class RelayHost(MatchDirectory directory, MatchService matches, RelayOutbox outbox, NodeIdentity node, TimeProvider time, ILogger<RelayHost> logger)
{
    private readonly Dictionary<(Guid Match, Guid Player), int> relayMissing = [];

    /// <summary>Runs on the bus's delivery loop: no I/O, only in-memory work on the match.</summary>
    public void Handle(RelayCommand command)
    {
        var found = directory.Get(command.MatchId);
        if (found is not { Output: HostedMatchOutput output } match || match.IsFinished)
        {
            if (command.Op is RelayOp.Join or RelayOp.Input)
            {
                ReplyGone(command, finished: found is not null || directory.RecentlyEnded(command.MatchId));
            }

            return;
        }

        switch (command.Op)
        {
            case RelayOp.Join:
                matches.JoinRelayed(match, output, command.PlayerId, command.From, command.CidJson);
                break;
            case RelayOp.Input when output.RelayOf(command.PlayerId) == command.From && command.Input is { } input:
                if (match.HasSeat(command.PlayerId))
                {
                    match.Input(command.PlayerId, input);
                }

                break;
            case RelayOp.Leave when output.RelayOf(command.PlayerId) == command.From:
                output.Local(command.PlayerId); // already forgotten there
                match.Leave(command.PlayerId);
                break;
            case RelayOp.Disconnect when output.RelayOf(command.PlayerId) == command.From:
                match.Disconnected(command.PlayerId);
                break;
        }
    }

    /// <summary>
    /// Periodic check against the registry's live nodes: a relayed player whose relaying node was missing twice in a
    /// row is disconnected (the seat waits for its grace, as when a local socket drops).
    /// </summary>
    public void Check(IReadOnlySet<string> liveNodes)
    {
        var seen = new HashSet<(Guid, Guid)>();
        foreach (var match in directory.All())
        {
            if (match.Output is not HostedMatchOutput output)
            {
                continue;
            }

            foreach (var (player, relay) in output.Relayed())
            {
                var key = (match.MatchId, player);
                seen.Add(key);
                var missing = liveNodes.Contains(relay) ? 0 : relayMissing.GetValueOrDefault(key) + 1;
                relayMissing[key] = missing;
                if (missing == 2)
                {
                    LogRelayLost(match.MatchId, relay);
                    match.Disconnected(player);
                }
            }
        }

        foreach (var key in relayMissing.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            relayMissing.Remove(key);
        }
    }

    /// <summary>Whether any match here has a relayed player (so the periodic check has work).</summary>
    public bool HasRelayed() => directory.All().Any(m => m.Output is HostedMatchOutput o && o.Relayed().Count > 0);

    private void ReplyGone(RelayCommand command, bool finished)
    {
        // A join is answered as a join here would be; anyone else still relayed to the match hears host_lost.
        var join = command.Op == RelayOp.Join;
        var error = finished ? MatchErrors.Finished : MatchErrors.Aborted;
        var batch = new RelayBatch(command.MatchId, node.NodeId, (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10,
            Droppable: false, Ended: false, Gone: true, join ? [command.PlayerId] : [],
            join ? [new RelayFrame(Envelope.Error(error, command.CidJson), [command.PlayerId])] : []);
        outbox.Send(command.From, batch);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Match {MatchId}: relaying node {RelayNodeId} is gone; its player's seat waits for the grace")]
    private partial void LogRelayLost(Guid matchId, string relayNodeId);
}
