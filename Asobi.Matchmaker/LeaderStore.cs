using System.Text.Json;
using Asobi.Matchmaking;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Matchmaker;

/// <summary>
/// The leader's SQL, run on its dedicated connection (the one holding the advisory lock). Every write is fenced:
/// it checks the leadership epoch in the same statement, so a deposed leader cannot write even if it has not noticed yet.
/// </summary>
public static class LeaderStore
{
    private const string AcquireSql = """
        WITH lock AS (SELECT pg_try_advisory_lock($1) AS held)
        UPDATE matchmaker_leadership SET epoch = epoch + 1, instance_id = $2, since = now()
        FROM lock WHERE id = 1 AND lock.held
        RETURNING epoch
        """;
    private const string ReleaseSql = "SELECT pg_advisory_unlock($1)";
    private const string Fence = "EXISTS (SELECT 1 FROM matchmaker_leadership WHERE id = 1 AND epoch = $1)";
    private const string ExpireSql = $"""
        UPDATE matchmaker_tickets t SET status = 'expired', updated_at = now()
        FROM unnest($2::text[], $3::interval[]) AS m(mode, max_wait)
        WHERE t.status = 'pending' AND t.mode = m.mode AND t.created_at < now() - m.max_wait AND {Fence}
        RETURNING t.ticket_id, t.player_id
        """;
    private const string PendingSql = """
        SELECT ticket_id, player_id, mode, properties, party_id, node_id, created_at
        FROM matchmaker_tickets WHERE status = 'pending' ORDER BY created_at, ticket_id
        """;
    private const string ClaimSql = $"""
        WITH locked AS (
            SELECT ticket_id FROM matchmaker_tickets
            WHERE ticket_id = ANY($2) AND status = 'pending' AND {Fence}
            FOR UPDATE),
        ok AS (SELECT count(*) = cardinality($2::uuid[]) AS ok FROM locked),
        claimed AS (
            UPDATE matchmaker_tickets t SET status = 'matched', match_id = $3, updated_at = now()
            FROM ok WHERE ok.ok AND t.ticket_id = ANY($2))
        INSERT INTO match_records (match_id, mode, node_id, status, players, teams, max_players, epoch, placed_at)
        SELECT $3, $4, $5, 'placing', $6, $7, $8, $1, now() FROM ok WHERE ok.ok
        RETURNING match_id
        """;
    private const string StalePlacingSql = """
        SELECT match_id, mode, node_id, teams, attempts FROM match_records
        WHERE status = 'placing' AND placed_at < now() - $1 ORDER BY placed_at LIMIT 500
        """;
    private const string ReplaceSql = $"""
        UPDATE match_records SET node_id = $3, attempts = attempts + 1, placed_at = now(), epoch = $1
        WHERE match_id = $2 AND status = 'placing' AND {Fence}
        RETURNING attempts
        """;
    private const string FailSql = $"""
        WITH failed AS (
            UPDATE match_records SET status = 'failed', finished_at = now()
            WHERE match_id = $2 AND status = 'placing' AND {Fence}
            RETURNING match_id)
        UPDATE matchmaker_tickets SET status = 'failed', updated_at = now()
        WHERE match_id IN (SELECT match_id FROM failed)
        RETURNING player_id
        """;
    private const string AbortOrphansSql = $"""
        UPDATE match_records SET status = 'aborted', finished_at = now()
        WHERE status = 'running' AND {Fence}
          AND node_id NOT IN (SELECT node_id FROM cluster_nodes WHERE last_seen > now() - $2)
        """;

    /// <summary>Tries the advisory lock; when granted, bumps the epoch and returns it (null: someone else leads).</summary>
    public static async Task<long?> TryAcquireAsync(NpgsqlConnection conn, long lockKey, string instanceId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(AcquireSql, conn);
        cmd.Parameters.Add(new() { Value = lockKey });
        cmd.Parameters.Add(new() { Value = instanceId });
        return await cmd.ExecuteScalarAsync(ct) is long epoch ? epoch : null;
    }

    public static async Task ReleaseAsync(NpgsqlConnection conn, long lockKey, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(ReleaseSql, conn);
        cmd.Parameters.Add(new() { Value = lockKey });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<IReadOnlyList<ExpiredTicket>> ExpireAsync(
        NpgsqlConnection conn, long epoch, IReadOnlyDictionary<string, GameMode> modes, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(ExpireSql, conn);
        cmd.Parameters.Add(new() { Value = epoch });
        cmd.Parameters.Add(new() { Value = modes.Keys.ToArray() });
        cmd.Parameters.Add(new() { Value = modes.Values.Select(m => m.MaxWait).ToArray() });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var expired = new List<ExpiredTicket>();
        while (await reader.ReadAsync(ct))
        {
            expired.Add(new ExpiredTicket(reader.GetGuid(0), reader.GetGuid(1)));
        }

        return expired;
    }

    public static async Task<IReadOnlyList<MatchmakingTicket>> PendingAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(PendingSql, conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var tickets = new List<MatchmakingTicket>();
        while (await reader.ReadAsync(ct))
        {
            tickets.Add(new MatchmakingTicket(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), JsonDocument.Parse(reader.GetString(3)).RootElement,
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return tickets;
    }

    /// <summary>
    /// Claims each match's tickets and records it as <c>placing</c> on its node, all in one round trip. A match
    /// whose tickets are no longer all pending (removed meanwhile) is skipped whole. Returns the matches recorded.
    /// </summary>
    public static async Task<IReadOnlySet<Guid>> ClaimAsync(NpgsqlConnection conn, long epoch, IReadOnlyList<(MatchPlacement Placement, Guid[] Tickets, int MaxPlayers)> matches, CancellationToken ct)
    {
        var recorded = new HashSet<Guid>();
        if (matches.Count == 0)
        {
            return recorded;
        }

        await using var batch = new NpgsqlBatch(conn);
        foreach (var (placement, tickets, maxPlayers) in matches)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(ClaimSql)
            {
                Parameters =
                {
                    new() { Value = epoch },
                    new() { Value = tickets },
                    new() { Value = placement.MatchId },
                    new() { Value = placement.Mode },
                    new() { Value = placement.NodeId },
                    new() { Value = placement.Teams.SelectMany(t => t).ToArray() },
                    new() { Value = MatchmakingJson.Write(placement.Teams), NpgsqlDbType = NpgsqlDbType.Jsonb },
                    new() { Value = maxPlayers },
                },
            });
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        do
        {
            while (await reader.ReadAsync(ct))
            {
                recorded.Add(reader.GetGuid(0));
            }
        }
        while (await reader.NextResultAsync(ct));

        return recorded;
    }

    public static async Task<IReadOnlyList<PlacingMatch>> StalePlacingAsync(NpgsqlConnection conn, TimeSpan timeout, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(StalePlacingSql, conn);
        cmd.Parameters.Add(new() { Value = timeout });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var stale = new List<PlacingMatch>();
        while (await reader.ReadAsync(ct))
        {
            var teams = MatchmakingJson.Read<List<List<Guid>>>(reader.GetString(3)) ?? [];
            stale.Add(new PlacingMatch(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), [.. teams], reader.GetInt32(4)));
        }

        return stale;
    }

    /// <summary>Moves a placing match to another node; false when it is no longer placing (its host confirmed meanwhile).</summary>
    public static async Task<bool> ReplaceAsync(NpgsqlConnection conn, long epoch, Guid matchId, string nodeId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(ReplaceSql, conn);
        cmd.Parameters.Add(new() { Value = epoch });
        cmd.Parameters.Add(new() { Value = matchId });
        cmd.Parameters.Add(new() { Value = nodeId });
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>Gives up on a match: it and its tickets become <c>failed</c>; returns the players to tell.</summary>
    public static async Task<IReadOnlyList<Guid>> FailAsync(NpgsqlConnection conn, long epoch, Guid matchId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(FailSql, conn);
        cmd.Parameters.Add(new() { Value = epoch });
        cmd.Parameters.Add(new() { Value = matchId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var players = new List<Guid>();
        while (await reader.ReadAsync(ct))
        {
            players.Add(reader.GetGuid(0));
        }

        return players;
    }

    /// <summary>Records running matches of nodes that stopped heartbeating as aborted.</summary>
    public static async Task<int> AbortOrphansAsync(NpgsqlConnection conn, long epoch, TimeSpan nodeTimeout, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(AbortOrphansSql, conn);
        cmd.Parameters.Add(new() { Value = epoch });
        cmd.Parameters.Add(new() { Value = nodeTimeout });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
