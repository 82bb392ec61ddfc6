using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Node.Matches;

/// <summary>SQL of <c>match_records</c> and <c>player_match_stats</c> as the hosting node sees them.</summary>
public sealed class MatchStore(NpgsqlDataSource db)
{
    private const string Columns = "match_id, mode, node_id, status, players, max_players, created_at, started_at, finished_at, result";
    private const string ConfirmSql = """
        UPDATE match_records SET status = 'running', started_at = now()
        WHERE match_id = $1 AND node_id = $2 AND status = 'placing'
        RETURNING match_id
        """;
    private const string CreateSql = """
        INSERT INTO match_records (match_id, mode, node_id, status, players, max_players, started_at)
        VALUES ($1, $2, $3, 'running', '{}', $4, now())
        """;
    private const string AddPlayerSql = """
        UPDATE match_records SET players = array_append(players, $2) WHERE match_id = $1 AND NOT ($2 = ANY (players))
        """;
    private const string FinishSql = """
        UPDATE match_records SET status = $2, result = $3, finished_at = now()
        WHERE match_id = $1 AND status IN ('running', 'placing')
        """;
    private const string StatsSql = """
        INSERT INTO player_match_stats (player_id, mode, played, wins, last_match, updated_at)
        SELECT p, $2, 1, (p = ANY ($3::uuid[]))::int, $1, now() FROM unnest($4::uuid[]) AS p
        ON CONFLICT (player_id, mode) DO UPDATE
        SET played = player_match_stats.played + 1, wins = player_match_stats.wins + excluded.wins,
            last_match = excluded.last_match, updated_at = now()
        """;
    private const string GetSql = $"SELECT {Columns} FROM match_records WHERE match_id = $1";
    private const string LiveSql = $"""
        SELECT {Columns} FROM match_records
        WHERE status = 'running' AND ($1::text IS NULL OR mode = $1)
          AND node_id IN (SELECT node_id FROM cluster_nodes WHERE last_seen > now() - $2)
          AND (NOT $3 OR cardinality(players) < max_players)
        ORDER BY created_at DESC LIMIT $4
        """;
    // The oldest running match of the mode on another live node that its record says has a free seat. The record's
    // player list is a hint: it lags a join by a moment and keeps players who left, so the host has the last word.
    private const string JoinableSql = """
        SELECT m.match_id, n.node_id, n.url FROM match_records m
        JOIN cluster_nodes n ON n.node_id = m.node_id AND n.last_seen > now() - $3
        WHERE m.status = 'running' AND m.mode = $1 AND m.node_id <> $2 AND cardinality(m.players) < m.max_players
        ORDER BY m.created_at LIMIT 1
        """;
    private const string FinishedSql = $"""
        SELECT {Columns} FROM match_records
        WHERE status IN ('finished', 'aborted') AND ($1::uuid IS NULL OR $1 = ANY (players))
        ORDER BY finished_at DESC LIMIT $2
        """;
    private const string AbortNodeSql = """
        UPDATE match_records SET status = 'aborted', finished_at = now() WHERE node_id = $1 AND status IN ('running', 'placing')
        """;

    /// <summary>Takes a placement meant for this node; false when it was moved elsewhere or already taken.</summary>
    public async Task<bool> ConfirmAsync(Guid matchId, string nodeId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ConfirmSql);
        cmd.Parameters.Add(new() { Value = matchId });
        cmd.Parameters.Add(new() { Value = nodeId });
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>Records a match created on this node without the matchmaker (<c>match.find_or_create</c>).</summary>
    public async Task CreateAsync(Guid matchId, string mode, string nodeId, int maxPlayers, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(CreateSql);
        cmd.Parameters.Add(new() { Value = matchId });
        cmd.Parameters.Add(new() { Value = mode });
        cmd.Parameters.Add(new() { Value = nodeId });
        cmd.Parameters.Add(new() { Value = maxPlayers });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task AddPlayerAsync(Guid matchId, Guid playerId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(AddPlayerSql);
        cmd.Parameters.Add(new() { Value = matchId });
        cmd.Parameters.Add(new() { Value = playerId });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes the end of a match and every seated player's stats in one round trip.</summary>
    public async Task FinishAsync(Guid matchId, string mode, MatchEnd end, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(FinishSql)
        {
            Parameters =
            {
                new() { Value = matchId },
                new() { Value = end.Status },
                new() { Value = JsonSerializer.Serialize(end.Result, Http.ApiJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb },
            },
        });
        if (end.Status == "finished" && end.Players.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(StatsSql)
            {
                Parameters =
                {
                    new() { Value = matchId },
                    new() { Value = mode },
                    new() { Value = end.Winners.ToArray() },
                    new() { Value = end.Players.ToArray() },
                },
            });
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    public async Task<MatchRecord?> GetAsync(Guid matchId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(GetSql);
        cmd.Parameters.Add(new() { Value = matchId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>Running matches on live nodes, cluster-wide.</summary>
    public async Task<IReadOnlyList<MatchRecord>> LiveAsync(string? mode, bool hasCapacity, TimeSpan nodeTimeout, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(LiveSql);
        cmd.Parameters.Add(new() { Value = (object?)mode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = nodeTimeout });
        cmd.Parameters.Add(new() { Value = hasCapacity });
        cmd.Parameters.Add(new() { Value = limit });
        return await ReadAllAsync(cmd, ct);
    }

    /// <summary>Where to send a player looking for a match of <paramref name="mode"/> that is not hosted on <paramref name="exceptNode"/>; null when there is none.</summary>
    public async Task<MatchMigration?> FindJoinableAsync(string mode, string exceptNode, TimeSpan nodeTimeout, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(JoinableSql);
        cmd.Parameters.Add(new() { Value = mode });
        cmd.Parameters.Add(new() { Value = exceptNode });
        cmd.Parameters.Add(new() { Value = nodeTimeout });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new MatchMigration(reader.GetGuid(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    /// <summary>Ended matches, newest first, optionally only those <paramref name="playerId"/> played.</summary>
    public async Task<IReadOnlyList<MatchRecord>> FinishedAsync(Guid? playerId, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(FinishedSql);
        cmd.Parameters.Add(new() { Value = (object?)playerId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new() { Value = limit });
        return await ReadAllAsync(cmd, ct);
    }

    /// <summary>A stopping node records the matches it can no longer run as aborted.</summary>
    public async Task AbortNodeAsync(string nodeId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(AbortNodeSql);
        cmd.Parameters.Add(new() { Value = nodeId });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<IReadOnlyList<MatchRecord>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var records = new List<MatchRecord>();
        while (await reader.ReadAsync(ct))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    private static MatchRecord Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<Guid[]>(4), r.GetInt32(5),
        r.GetFieldValue<DateTimeOffset>(6),
        r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
        r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
        r.IsDBNull(9) ? null : JsonDocument.Parse(r.GetString(9)).RootElement.Clone());
}
