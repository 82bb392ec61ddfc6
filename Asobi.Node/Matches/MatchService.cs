using System.Text.Json;
using Asobi.Bus;
using Asobi.Cluster;
using Asobi.Matchmaking;
using Asobi.Node.Cluster;
using Asobi.Node.Matches.Games;
using Asobi.Node.Matches.Relay;
using Asobi.Node.Matchmaking;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Fanout;
using Asobi.Node.Social.Notifications;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asobi.Node.Matches;

/// <summary>
/// Hosts matches on this node and answers players about matches anywhere in the cluster: takes placements from the
/// matchmaker leader, tells local players about formed matches (joining those already here, redirecting the rest),
/// and records each match's end.
/// </summary>
public sealed partial class MatchService(
    MatchDirectory directory,
    MatchStore store,
    NodeRegistryStore registry,
    NodeRegistryWorker self,
    NodeIdentity node,
    LocalSockets sockets,
    IClusterBus bus,
    IEnumerable<IGameMode> games,
    IOptions<GameModesOptions> modes,
    IOptions<MatchOptions> options,
    IOptions<ClusterOptions> cluster,
    MatchMetrics metrics,
    TicketFollowUps followUps,
    RelaySeats relay,
    RelayOutbox outbox,
    NotificationService notifications,
    TimeProvider time,
    ILogger<MatchService> logger) : IDisposable
{
    private readonly Dictionary<string, IGameMode> gameByName = games.ToDictionary(g => g.Name, StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> running = [];
    private readonly Lock runningGate = new();

    // (match, player) pairs told of a formed match on this node: the live announcement and a connect follow-up that
    // read the ticket before it was marked told can both find a player untold; only the first tells.
    private readonly RecentIds<(Guid Match, Guid Player)> told = new(100_000);

    /// <summary>Creates a placed match if it is meant for this node and still unclaimed, then announces it.</summary>
    public async Task HostAsync(MatchPlacement placement, CancellationToken ct)
    {
        if (placement.NodeId != node.NodeId || modes.Value.Find(placement.Mode) is not { } mode
            || !gameByName.TryGetValue(mode.GameName(placement.Mode), out var game))
        {
            return;
        }

        if (directory.Count >= options.Value.MaxMatches)
        {
            LogNodeFull(placement.MatchId); // not confirmed: the leader places it elsewhere after its timeout
            return;
        }

        if (!await store.ConfirmAsync(placement.MatchId, node.NodeId, ct))
        {
            return; // moved to another node meanwhile, or a duplicate event
        }

        var players = placement.Teams.SelectMany(t => t).ToList();
        Start(new MatchServer(placement.MatchId, placement.Mode, mode, node.NodeId, game, players,
            Output(placement.MatchId), metrics, options.Value, time, placement.Teams));
        var url = await self.PublicUrlAsync.WaitAsync(ct);
        await bus.PublishAsync(MatchmakingTopics.Matched,
            MatchmakingJson.Write(new MatchAnnouncement(placement.MatchId, placement.Mode, node.NodeId, url, players, placement.Teams)), ct);
    }

    /// <summary>Tells this node's players of a formed match: <c>match.matched</c>, then a join here or <c>match.migrate</c>.</summary>
    public void Announce(MatchAnnouncement announcement)
    {
        var matched = MatchedFrame(announcement);
        var migrate = MigrateFrame(announcement);
        var hosted = announcement.NodeId == node.NodeId ? directory.Get(announcement.MatchId) : null;
        foreach (var player in announcement.Players.Where(sockets.HasPlayer))
        {
            Tell(player, matched, migrate, hosted, announcement);
            followUps.Told(announcement.MatchId, player);
        }
    }

    /// <summary>
    /// A player placed in a match while no socket of theirs was open anywhere has connected here, within the seat
    /// grace: the pushes they missed, as at formation (<c>match.matched</c>, then a join here or <c>match.migrate</c>).
    /// </summary>
    public void Recall(Guid playerId, MatchAnnouncement announcement)
    {
        var hosted = announcement.NodeId == node.NodeId ? directory.Get(announcement.MatchId) : null;
        if ((announcement.NodeId == node.NodeId && hosted?.HasSeat(playerId) != true) || !sockets.HasPlayer(playerId))
        {
            return; // the seat was given up meanwhile, or the socket is gone again
        }

        if (Tell(playerId, MatchedFrame(announcement), MigrateFrame(announcement), hosted, announcement))
        {
            metrics.Recalled();
        }
    }

    /// <summary>
    /// Joins a match hosted here; for a match on another node, says where it runs (<paramref name="migrates"/>) or
    /// seats the player there through the relay; else says why it cannot be joined.
    /// </summary>
    public async Task<JoinReply> JoinAsync(Guid playerId, Guid matchId, string? cidJson, bool migrates, CancellationToken ct)
    {
        if (directory.Get(matchId) is { } local)
        {
            return JoinHere(local, playerId, cidJson);
        }

        var record = await store.GetAsync(matchId, ct);
        if (record is null)
        {
            return JoinReply.Fail(MatchErrors.NotFound);
        }

        if (record.Status == "finished")
        {
            return JoinReply.Fail(MatchErrors.Finished);
        }

        if (record.Status is "aborted" or "failed" || record.NodeId == node.NodeId)
        {
            return JoinReply.Fail(MatchErrors.Aborted);
        }

        var host = (await registry.LiveAsync(cluster.Value.NodeTimeout, ct)).FirstOrDefault(n => n.NodeId == record.NodeId);
        return host is null
            ? JoinReply.Fail(MatchErrors.Aborted.WithMessage("The match's host node is not alive."))
            : JoinElsewhere(playerId, new MatchMigration(matchId, host.NodeId, host.Url), record.Mode, cidJson, migrates);
    }

    /// <summary>A relaying node asks this host to seat its player: the answer goes back through the relay, with the cid.</summary>
    internal void JoinRelayed(MatchServer match, HostedMatchOutput output, Guid playerId, string relayNodeId, string? cidJson)
    {
        var seated = match.HasSeat(playerId);
        output.Relay(playerId, relayNodeId);
        var (outcome, _, first) = match.Join(playerId, cidJson);
        if (outcome == JoinOutcome.Joined)
        {
            Arrived(match, playerId, first);
            return;
        }

        output.Send(playerId, Envelope.Error(outcome == JoinOutcome.Full ? MatchErrors.Full : MatchErrors.Finished, cidJson));
        if (!seated)
        {
            output.Release(playerId);
        }

        output.Flush(droppable: false);
    }

    /// <summary>
    /// Joins an open match of the mode here; else redirects to one with a free seat on another node (no seat is held
    /// meanwhile: if it fills first, the join on its host answers <c>match.full</c>); else creates one here.
    /// </summary>
    public async Task<JoinReply> FindOrCreateAsync(Guid playerId, string modeName, string? cidJson, bool migrates, CancellationToken ct)
    {
        if (modes.Value.Find(modeName) is not { } mode || !gameByName.TryGetValue(mode.GameName(modeName), out var game))
        {
            return JoinReply.Fail(MatchErrors.UnknownMode);
        }

        if (directory.CurrentOf(playerId) is { } current && current.Mode == modeName)
        {
            return JoinHere(current, playerId, cidJson);
        }

        if (relay.SeatOf(playerId) is { } relayed && relayed.Mode == modeName)
        {
            return relay.Join(playerId, relayed.MatchId, relayed.HostNodeId, modeName, cidJson) ? JoinReply.Relayed : JoinReply.Fail(MatchErrors.HostUnreachable);
        }

        foreach (var open in directory.All().Where(m => m.Mode == modeName && !m.IsFinished).OrderBy(m => m.CreatedAt))
        {
            var info = open.Info();
            if (info.Status == "waiting" && info.PlayerCount < info.MaxPlayers)
            {
                var reply = JoinHere(open, playerId, cidJson);
                if (reply.Joined is not null)
                {
                    return reply;
                }
            }
        }

        if (await store.FindJoinableAsync(modeName, node.NodeId, cluster.Value.NodeTimeout, ct) is { } remote)
        {
            return JoinElsewhere(playerId, remote, modeName, cidJson, migrates);
        }

        if (directory.Count >= options.Value.MaxMatches)
        {
            return JoinReply.Fail(MatchErrors.NodeFull);
        }

        var matchId = Guid.CreateVersion7(time.GetUtcNow());
        await store.CreateAsync(matchId, modeName, node.NodeId, mode.MatchSize, ct);
        var created = new MatchServer(matchId, modeName, mode, node.NodeId, game, [], Output(matchId), metrics, options.Value, time);
        Start(created);
        return JoinHere(created, playerId, cidJson);
    }

    public bool Leave(Guid playerId)
    {
        if (directory.CurrentOf(playerId) is not { } match)
        {
            return relay.Leave(playerId);
        }

        directory.ClearCurrent(playerId, match.MatchId);
        return match.Leave(playerId);
    }

    /// <summary>Queues an input for the player's match here; false when they are in none (a full queue drops it, counted, and still answers true).</summary>
    public bool Input(Guid playerId, JsonElement input)
    {
        if (directory.CurrentOf(playerId) is not { } match || !match.HasSeat(playerId))
        {
            return relay.Input(playerId, input);
        }

        match.Input(playerId, input);
        return true;
    }

    /// <summary>A socket closed; if it was the player's last one here, their seat waits for the grace period.</summary>
    public void SocketClosed(Guid playerId)
    {
        if (!sockets.HasPlayer(playerId) && directory.CurrentOf(playerId) is { } match
            && (match.Output as HostedMatchOutput)?.RelayOf(playerId) is null)
        {
            match.Disconnected(playerId); // not if another node relays the player meanwhile: its seat is connected there
        }

        relay.SocketClosed(playerId);
    }

    public async Task<IReadOnlyList<MatchInfo>> ListAsync(string? mode, bool hasCapacity, CancellationToken ct)
    {
        var live = await store.LiveAsync(mode, hasCapacity, cluster.Value.NodeTimeout, 100, ct);
        return [.. live.Select(r => directory.Get(r.MatchId)?.Info()
            ?? new MatchInfo(r.MatchId, r.Mode, r.Status, r.Players.Count, r.MaxPlayers, r.Players, r.NodeId))];
    }

    /// <summary>Node shutdown: stop every match loop and record the matches as aborted.</summary>
    public async Task StopAllAsync(CancellationToken ct)
    {
        await stopping.CancelAsync();
        Task[] all;
        lock (runningGate)
        {
            all = [.. running];
        }

        await Task.WhenAll(all).WaitAsync(ct);
        try
        {
            await store.AbortNodeAsync(node.NodeId, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogRecordFailed(Guid.Empty, ex); // the leader aborts orphans once this node's heartbeat is gone
        }
    }

    public void Dispose() => stopping.Dispose();

    private static byte[] MatchedFrame(MatchAnnouncement a) => Envelope.Serialize("match.matched", new MatchMatched(
        a.MatchId, a.Mode, a.Players, a.NodeId, a.Url, a.Teams ?? []));

    private static byte[] MigrateFrame(MatchAnnouncement a) => Envelope.Serialize("match.migrate", new MatchMigration(a.MatchId, a.NodeId, a.Url));

    /// <summary>
    /// <c>match.matched</c> to the player's sockets here, then a join here, or for a match elsewhere <c>match.migrate</c>
    /// to the sockets that follow it and a relayed seat for those that do not. Once per player and match; false when
    /// the player had been told already.
    /// </summary>
    private bool Tell(Guid player, byte[] matched, byte[] migrate, MatchServer? hosted, MatchAnnouncement announcement)
    {
        if (!told.TryMark((announcement.MatchId, player)))
        {
            return false;
        }

        foreach (var socket in sockets.OfPlayer(player))
        {
            socket.Send(matched);
        }

        if (hosted is not null)
        {
            JoinHere(hosted, player, cidJson: null, formed: true);
        }
        else if (announcement.NodeId != node.NodeId)
        {
            var relayed = false;
            foreach (var socket in sockets.OfPlayer(player))
            {
                if (socket.Migrates)
                {
                    socket.Send(migrate);
                }
                else
                {
                    relayed = true;
                }
            }

            if (relayed && !relay.Join(player, announcement.MatchId, announcement.NodeId, announcement.Mode, cidJson: null))
            {
                SendUnaware(player, Envelope.Error(MatchErrors.HostUnreachable, cidJson: null));
            }
        }

        return true;
    }

    /// <summary>
    /// Seats the player in a match hosted here (its frames were sent by the match itself, in order); <paramref name="formed"/>
    /// when the server joins a player already here as the match forms (not an arrival from elsewhere).
    /// </summary>
    private JoinReply JoinHere(MatchServer match, Guid playerId, string? cidJson, bool formed = false)
    {
        if (match.Output is HostedMatchOutput output && output.RelayOf(playerId) is not null)
        {
            output.Release(playerId); // relayed until now: served by its socket here from this join on
        }

        relay.Detach(playerId);
        var (outcome, info, first) = match.Join(playerId, cidJson);
        switch (outcome)
        {
            case JoinOutcome.Joined:
                directory.SetCurrent(playerId, match.MatchId);
                if (!formed)
                {
                    Arrived(match, playerId, first);
                }

                return JoinReply.Ok(info);
            case JoinOutcome.Full:
                return JoinReply.Fail(MatchErrors.Full);
            default:
                return JoinReply.Fail(MatchErrors.Finished);
        }
    }

    /// <summary>A match on another node: <c>match.migrate</c> for a client that follows it, else a seat through the relay.</summary>
    private JoinReply JoinElsewhere(Guid playerId, MatchMigration host, string mode, string? cidJson, bool migrates)
    {
        if (migrates)
        {
            return JoinReply.Redirect(host);
        }

        if (directory.CurrentOf(playerId) is { } current)
        {
            directory.ClearCurrent(playerId, current.MatchId); // inputs now go to the relayed match
        }

        return relay.Join(playerId, host.MatchId, host.NodeId, mode, cidJson) ? JoinReply.Relayed : JoinReply.Fail(MatchErrors.HostUnreachable);
    }

    private void Arrived(MatchServer match, Guid playerId, bool first)
    {
        if (first && match.IsReserved(playerId))
        {
            metrics.Migrated(time.GetUtcNow() - match.CreatedAt); // placed by the matchmaker, arrived now
        }
        else if (first)
        {
            _ = RecordPlayerAsync(match.MatchId, playerId);
        }
    }

    private void SendUnaware(Guid player, byte[] frame)
    {
        foreach (var socket in sockets.OfPlayer(player))
        {
            if (!socket.Migrates)
            {
                socket.Send(frame);
            }
        }
    }

    private HostedMatchOutput Output(Guid matchId) => new(matchId, node.NodeId, sockets, outbox, time);

    private void Start(MatchServer match)
    {
        directory.TryAdd(match);
        metrics.Started();
        var task = Task.Run(() => RunAsync(match));
        lock (runningGate)
        {
            running.Add(task);
            running.RemoveAll(t => t.IsCompleted);
        }
    }

    private async Task RunAsync(MatchServer match)
    {
        await match.RunAsync(stopping.Token);
        var end = await match.Completion;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await store.FinishAsync(match.MatchId, match.Mode, end, timeout.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            LogRecordFailed(match.MatchId, ex);
        }

        // Recorded first, so a client reading GET matches/{id} after this push sees the result. Relayed players get
        // it through their relay, which then forgets the match.
        var finished = Envelope.Serialize("match.finished", new MatchFinished(match.MatchId, end.Result));
        foreach (var player in end.Present)
        {
            match.Output.Send(player, finished);
        }

        match.Output.Close();

        await NotifyResultAsync(match, end);

        directory.Remove(match.MatchId);
        metrics.Ended(end.Status);
    }

    /// <summary>A <c>match_result</c> notification for everyone who played, so those who left or were offline read it later.</summary>
    private async Task NotifyResultAsync(MatchServer match, MatchEnd end)
    {
        if (end.Players.Count == 0)
        {
            return;
        }

        var content = JsonSerializer.SerializeToElement(
            new MatchResultNotice(match.MatchId, match.Mode, end.Status, end.Result, end.Winners), Http.ApiJson.Options);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await notifications.SendManyAsync(end.Players, "match_result", "Match result", content, timeout.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            LogRecordFailed(match.MatchId, ex); // the match record still has the result
        }
    }

    private async Task RecordPlayerAsync(Guid matchId, Guid playerId)
    {
        try
        {
            await store.AddPlayerAsync(matchId, playerId, stopping.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            LogRecordFailed(matchId, ex); // only the listed seat count is stale
        }
    }

    private sealed record MatchMatched(Guid MatchId, string Mode, IReadOnlyList<Guid> Players, string NodeId, string Url, IReadOnlyList<IReadOnlyList<Guid>> Teams);

    private sealed record MatchFinished(Guid MatchId, object Result);

    private sealed record MatchResultNotice(Guid MatchId, string Mode, string Status, object Result, IReadOnlyList<Guid> Winners);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Placement of match {MatchId} refused: this node is full")]
    private partial void LogNodeFull(Guid matchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record match {MatchId}")]
    private partial void LogRecordFailed(Guid matchId, Exception ex);
}
