using System.Diagnostics;
using System.Text.Json;
using Asobi.Bus;
using Asobi.Cluster;
using Asobi.Matchmaking;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asobi.Matchmaker;

/// <summary>
/// One matchmaker instance. Every instance heartbeats and competes for a session advisory lock on its own dedicated,
/// unpooled connection; only the holder ticks: expire old tickets, form matches per mode, record them (fenced by the
/// leadership epoch), ask the chosen host node to run them through the bus, and re-place matches whose host stays
/// silent. Any error on the dedicated connection ends leadership before anything else happens.
/// </summary>
public sealed partial class MatchmakerLeader(
    MatchmakerLeaderSettings settings,
    IOptions<MatchmakerOptions> options,
    IOptions<GameModesOptions> modes,
    IOptions<ClusterOptions> cluster,
    IEnumerable<IMatchmakingStrategy> strategies,
    NodeRegistryStore registry,
    MatchmakerInstanceStore instances,
    IClusterBus bus,
    MatchmakerMetrics metrics,
    TimeProvider time,
    ILogger<MatchmakerLeader> logger) : BackgroundService
{
    private readonly Dictionary<string, IMatchmakingStrategy> strategyByName =
        strategies.ToDictionary(s => s.Name, StringComparer.Ordinal);
    private readonly DateTimeOffset startedAt = time.GetUtcNow();
    private NpgsqlConnection? connection;
    private long epoch;
    private DateTimeOffset competeAfter;

    public string InstanceId => settings.InstanceId;

    /// <summary>True while this instance holds the lock and acts as leader.</summary>
    public bool IsLeader { get; private set; }

    /// <summary>The backend pid of the dedicated connection (operators and tests can terminate it).</summary>
    public int? BackendPid => connection?.ProcessID;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TickInterval, time);
        do
        {
            await HeartbeatAsync(stoppingToken);
            try
            {
                if (!IsLeader && time.GetUtcNow() >= competeAfter)
                {
                    await TryLeadAsync(stoppingToken);
                }

                if (IsLeader)
                {
                    await TickAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Whatever failed, stop acting first; the next round starts over on a fresh connection.
                StepDown(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var conn = connection;
        StepDown(null);
        if (conn is not null)
        {
            await conn.DisposeAsync(); // closing the session releases the lock at once
        }

        try
        {
            await instances.RemoveAsync(InstanceId, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            LogHeartbeatFailed(ex); // the row ages out
        }
    }

    /// <summary>Opens the dedicated connection if needed and tries the lock.</summary>
    public async Task<bool> TryLeadAsync(CancellationToken ct)
    {
        if (connection is null || connection.FullState != System.Data.ConnectionState.Open)
        {
            await DropConnectionAsync();
            var conn = new NpgsqlConnection(settings.ConnectionString);
            await conn.OpenAsync(ct);
            connection = conn;
        }

        if (await LeaderStore.TryAcquireAsync(connection, options.Value.LockKey, InstanceId, ct) is { } e)
        {
            epoch = e;
            IsLeader = true;
            metrics.Leading(true);
            LogLeading(InstanceId, e);
        }

        return IsLeader;
    }

    /// <summary>One leader tick; returns how many matches it recorded.</summary>
    public async Task<int> TickAsync(CancellationToken ct)
    {
        var conn = connection ?? throw new InvalidOperationException("Not leading.");
        var started = Stopwatch.GetTimestamp();
        var defined = modes.Value.Modes;

        var expired = await LeaderStore.ExpireAsync(conn, epoch, defined, ct);
        if (expired.Count > 0)
        {
            metrics.Expired(expired.Count);
            foreach (var ticket in expired)
            {
                Notify([ticket.PlayerId], "match.matchmaker_expired", new { ticket_id = ticket.TicketId });
            }
        }

        await LeaderStore.AbortOrphansAsync(conn, epoch, cluster.Value.NodeTimeout, ct);
        var live = await registry.LiveAsync(cluster.Value.NodeTimeout, ct);
        await ReplaceStaleAsync(conn, live, ct);

        var pending = await LeaderStore.PendingAsync(conn, ct);
        metrics.QueueDepths(pending.GroupBy(t => t.Mode).ToDictionary(g => g.Key, g => g.Count()));
        var recorded = live.Count == 0 ? 0 : await FormAsync(conn, pending, live, ct);
        metrics.Tick(Stopwatch.GetElapsedTime(started));
        return recorded;
    }

    private async Task<int> FormAsync(NpgsqlConnection conn, IReadOnlyList<MatchmakingTicket> pending, IReadOnlyList<NodeRecord> live, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var placedHere = new Dictionary<string, int>(StringComparer.Ordinal);
        var planned = new List<(MatchPlacement Placement, Guid[] Tickets, int MaxPlayers)>();
        var formedAt = new Dictionary<Guid, FormedMatch>();
        foreach (var byMode in pending.GroupBy(t => t.Mode, StringComparer.Ordinal))
        {
            if (modes.Value.Find(byMode.Key) is not { } mode || !strategyByName.TryGetValue(mode.Strategy, out var strategy))
            {
                continue; // a mode removed from configuration: its tickets expire by max wait
            }

            foreach (var match in strategy.Form(byMode.Key, mode, [.. byMode], now))
            {
                var host = NodePlacement.Choose(live, match.Tickets.Select(t => t.NodeId), placedHere);
                if (host is null)
                {
                    continue;
                }

                placedHere[host.NodeId] = placedHere.GetValueOrDefault(host.NodeId) + 1;
                var id = Guid.CreateVersion7(now);
                var teams = match.Teams.Select(t => (IReadOnlyList<Guid>)[.. t.Select(x => x.PlayerId)]).ToList();
                planned.Add((new MatchPlacement(id, byMode.Key, host.NodeId, teams, 1), [.. match.Tickets.Select(t => t.TicketId)], mode.MatchSize));
                formedAt[id] = match;
            }
        }

        var recorded = await LeaderStore.ClaimAsync(conn, epoch, planned, ct);
        var publishing = new List<Task>(recorded.Count);
        foreach (var (placement, _, _) in planned.Where(p => recorded.Contains(p.Placement.MatchId)))
        {
            metrics.Formed(placement.Mode, 1);
            foreach (var ticket in formedAt[placement.MatchId].Tickets)
            {
                metrics.TimeToMatch(now - ticket.CreatedAt);
            }

            publishing.Add(PublishPlacementAsync(placement, ct));
        }

        await Task.WhenAll(publishing);
        return recorded.Count;
    }

    private async Task ReplaceStaleAsync(NpgsqlConnection conn, IReadOnlyList<NodeRecord> live, CancellationToken ct)
    {
        foreach (var stale in await LeaderStore.StalePlacingAsync(conn, options.Value.PlacementTimeout, ct))
        {
            var next = stale.Attempts < options.Value.MaxPlacementAttempts
                ? NodePlacement.Choose(live, [], new Dictionary<string, int>(), [stale.NodeId]) ?? NodePlacement.Choose(live, [], new Dictionary<string, int>())
                : null;
            if (next is not null && await LeaderStore.ReplaceAsync(conn, epoch, stale.MatchId, next.NodeId, ct))
            {
                LogReplaced(stale.MatchId, stale.NodeId, next.NodeId);
                await PublishPlacementAsync(new MatchPlacement(stale.MatchId, stale.Mode, next.NodeId, stale.Teams, stale.Attempts + 1), ct);
            }
            else if (next is null)
            {
                var players = await LeaderStore.FailAsync(conn, epoch, stale.MatchId, ct);
                metrics.Failed();
                LogFailed(stale.MatchId, stale.Attempts);
                Notify(players, "match.matchmaker_failed", new { reason = "no_host", match_id = stale.MatchId });
            }
        }
    }

    private async Task PublishPlacementAsync(MatchPlacement placement, CancellationToken ct)
    {
        try
        {
            await bus.PublishAsync(MatchmakingTopics.Place, MatchmakingJson.Write(placement), ct);
        }
        catch (BusUnavailableException ex)
        {
            // The record stays 'placing'; the next ticks re-place it after the placement timeout.
            LogPublishFailed(ex);
        }
    }

    private void Notify<T>(IReadOnlyList<Guid> players, string type, T payload)
    {
        if (players.Count == 0)
        {
            return;
        }

        var notice = new PlayerNotice(players, type, JsonSerializer.SerializeToElement(payload, MatchmakingJson.Options));
        if (!bus.TryPublish(MatchmakingTopics.Notice, MatchmakingJson.Write(notice)))
        {
            LogPublishFailed(null); // a push lost; the ticket's state is still readable via REST
        }
    }

    private async Task HeartbeatAsync(CancellationToken ct)
    {
        try
        {
            await instances.HeartbeatAsync(InstanceId, settings.Host, settings.Pid, startedAt, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogHeartbeatFailed(ex);
        }
    }

    private void StepDown(Exception? cause)
    {
        // Stop acting first; cleaning up the connection comes after.
        var wasLeader = IsLeader;
        IsLeader = false;
        metrics.Leading(false);
        if (wasLeader)
        {
            LogSteppedDown(InstanceId, cause);
        }

        if (cause is not null)
        {
            // An instance whose connection just failed sits out two rounds, so a healthy standby takes over first.
            competeAfter = time.GetUtcNow() + (options.Value.TickInterval * 2);
            var conn = connection;
            connection = null;
            conn?.Dispose();
        }
    }

    private async Task DropConnectionAsync()
    {
        var conn = connection;
        connection = null;
        if (conn is not null)
        {
            await conn.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Matchmaker {InstanceId} now leads (epoch {Epoch})")]
    private partial void LogLeading(string instanceId, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Matchmaker {InstanceId} stopped leading")]
    private partial void LogSteppedDown(string instanceId, Exception? ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Match {MatchId} moved from silent node {From} to {To}")]
    private partial void LogReplaced(Guid matchId, string from, string to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Match {MatchId} failed after {Attempts} placement attempts")]
    private partial void LogFailed(Guid matchId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A matchmaking bus event could not be published")]
    private partial void LogPublishFailed(Exception? ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Matchmaker heartbeat failed")]
    private partial void LogHeartbeatFailed(Exception ex);
}
