using Npgsql;

namespace Asobi.Node.Social.Presence;

/// <summary>
/// SQL of <c>presence_sockets</c> (which node holds sockets of which player) and <c>player_presence</c> (status,
/// last seen). Writes for one player serialise on an advisory lock, so exactly one write sees a player come online
/// or go offline even when nodes race.
/// </summary>
public sealed class PresenceStore(NpgsqlDataSource db)
{
    private const string LockSql = "SELECT pg_advisory_xact_lock(hashtextextended('presence:' || $1::text, 0))";
    private const string OthersCte = """
        others AS (SELECT count(*) AS n FROM presence_sockets s JOIN cluster_nodes c ON c.node_id = s.node_id
                   WHERE s.player_id = $1 AND s.node_id <> $2 AND c.last_seen > now() - $3)
        """;
    private const string ConnectSql = $"""
        WITH ins AS (INSERT INTO presence_sockets (node_id, player_id) VALUES ($2, $1) ON CONFLICT DO NOTHING RETURNING 1),
        {OthersCte}
        INSERT INTO player_presence (player_id, status, last_seen, version, changed_at) VALUES ($1, 'online', now(), 1, now())
        ON CONFLICT (player_id) DO UPDATE
        SET last_seen = now(), version = player_presence.version + 1, changed_at = now(),
            status = CASE WHEN (SELECT n FROM others) = 0 THEN 'online' ELSE player_presence.status END
        RETURNING (SELECT count(*) FROM ins) = 1 AND (SELECT n FROM others) = 0, status, last_seen, version
        """;
    private const string DisconnectSql = $"""
        WITH del AS (DELETE FROM presence_sockets WHERE player_id = $1 AND node_id = $2 RETURNING 1),
        {OthersCte}
        UPDATE player_presence SET last_seen = now(), version = version + 1, changed_at = now() WHERE player_id = $1
        RETURNING (SELECT count(*) FROM del) = 1 AND (SELECT n FROM others) = 0, status, last_seen, version
        """;
    private const string OfflineCheckSql = $"""
        WITH {OthersCte}
        UPDATE player_presence SET last_seen = CASE WHEN (SELECT n FROM others) = 0 THEN now() ELSE last_seen END,
                                   version = version + 1, changed_at = now()
        WHERE player_id = $1
        RETURNING (SELECT n FROM others) = 0, status, last_seen, version
        """;
    private const string StatusSql = """
        UPDATE player_presence SET status = $2, version = version + 1, changed_at = now() WHERE player_id = $1
        RETURNING true, status, last_seen, version
        """;
    private const string ReapSql = """
        DELETE FROM presence_sockets s
        WHERE s.node_id <> $1
          AND NOT EXISTS (SELECT 1 FROM cluster_nodes c WHERE c.node_id = s.node_id AND c.last_seen > now() - $2)
        RETURNING s.player_id, s.node_id
        """;
    private const string OfNodeSql = "SELECT player_id FROM presence_sockets WHERE node_id = $1";
    private const string FriendsChangedSql = """
        SELECT p.player_id, p.version, p.status, p.last_seen,
               EXISTS (SELECT 1 FROM presence_sockets s JOIN cluster_nodes c ON c.node_id = s.node_id
                       WHERE s.player_id = p.player_id AND c.last_seen > now() - $3) AS online,
               array_agg(f.other) AS friends
        FROM player_presence p
        JOIN LATERAL (
            SELECT friend_id AS other FROM friendships WHERE player_id = p.player_id AND status = 'accepted'
            UNION ALL
            SELECT player_id FROM friendships WHERE friend_id = p.player_id AND status = 'accepted') f ON f.other = ANY($2)
        WHERE p.changed_at >= $1
        GROUP BY p.player_id
        ORDER BY p.changed_at
        LIMIT $4
        """;

    /// <summary>Records a socket holder on this node; Changed when the player was offline everywhere.</summary>
    public Task<PresenceState?> ConnectAsync(Guid player, string nodeId, TimeSpan nodeTimeout, CancellationToken ct) =>
        LockedAsync(ConnectSql, player, nodeId, nodeTimeout, ct);

    /// <summary>Forgets this node's sockets of the player; Changed when no live node holds one any more.</summary>
    public Task<PresenceState?> DisconnectAsync(Guid player, string nodeId, TimeSpan nodeTimeout, CancellationToken ct) =>
        LockedAsync(DisconnectSql, player, nodeId, nodeTimeout, ct);

    /// <summary>After a dead node's row was reaped: Changed when no live node holds a socket of the player.</summary>
    public Task<PresenceState?> OfflineCheckAsync(Guid player, string deadNodeId, TimeSpan nodeTimeout, CancellationToken ct) =>
        LockedAsync(OfflineCheckSql, player, deadNodeId, nodeTimeout, ct);

    public async Task<PresenceState?> SetStatusAsync(Guid player, string status, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(StatusSql);
        cmd.Parameters.Add(new() { Value = player });
        cmd.Parameters.Add(new() { Value = status });
        return await ReadStateAsync(cmd, ct);
    }

    /// <summary>Deletes presence rows of nodes whose registry row expired; returns them.</summary>
    public async Task<IReadOnlyList<(Guid PlayerId, string NodeId)>> ReapAsync(string selfNodeId, TimeSpan nodeTimeout, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ReapSql);
        cmd.Parameters.Add(new() { Value = selfNodeId });
        cmd.Parameters.Add(new() { Value = nodeTimeout });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<(Guid, string)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return rows;
    }

    public async Task<HashSet<Guid>> PlayersOfNodeAsync(string nodeId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(OfNodeSql);
        cmd.Parameters.Add(new() { Value = nodeId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>
    /// Players whose presence was written since <paramref name="since"/> and who are accepted friends of any of
    /// <paramref name="players"/>: their state now, and which of those players are their friends. Oldest change first.
    /// </summary>
    public async Task<IReadOnlyList<FriendPresence>> FriendsChangedSinceAsync(
        DateTimeOffset since, IReadOnlyCollection<Guid> players, TimeSpan nodeTimeout, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(FriendsChangedSql);
        cmd.Parameters.Add(new() { Value = since });
        cmd.Parameters.Add(new() { Value = players.ToArray() });
        cmd.Parameters.Add(new() { Value = nodeTimeout });
        cmd.Parameters.Add(new() { Value = limit });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<FriendPresence>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new FriendPresence(
                reader.GetGuid(0),
                reader.GetInt64(1),
                reader.GetBoolean(4),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<Guid[]>(5)));
        }

        return rows;
    }

    private async Task<PresenceState?> LockedAsync(string sql, Guid player, string nodeId, TimeSpan nodeTimeout, CancellationToken ct)
    {
        // One round trip; the statements of a batch share one implicit transaction, which holds the lock.
        await using var batch = db.CreateBatch();
        var lockCmd = new NpgsqlBatchCommand(LockSql);
        lockCmd.Parameters.Add(new() { Value = player });
        batch.BatchCommands.Add(lockCmd);
        var cmd = new NpgsqlBatchCommand(sql);
        cmd.Parameters.Add(new() { Value = player });
        cmd.Parameters.Add(new() { Value = nodeId });
        cmd.Parameters.Add(new() { Value = nodeTimeout });
        batch.BatchCommands.Add(cmd);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        return await reader.ReadAsync(ct) ? new PresenceState(reader.GetBoolean(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3)) : null;
    }

    private static async Task<PresenceState?> ReadStateAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new PresenceState(reader.GetBoolean(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3)) : null;
    }
}
