using System.Text.Json;
using Asobi.Matchmaking;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Node.Matchmaking;

/// <summary>SQL of <c>matchmaker_tickets</c> as players use it (the leader claims them in its own store).</summary>
public sealed class TicketStore(NpgsqlDataSource db)
{
    private const string Columns = "ticket_id, player_id, mode, status, properties, party_id, match_id, created_at";

    // Inserts unless the player already has a pending ticket for the mode or the queue is at its cap; then returns
    // the existing ticket (if any) so the caller can tell the two apart without another round trip.
    private const string AddSql = $"""
        WITH inserted AS (
            INSERT INTO matchmaker_tickets (ticket_id, player_id, mode, properties, party_id, node_id)
            SELECT $1, $2, $3, $4, $5, $6
            WHERE (SELECT count(*) FROM matchmaker_tickets WHERE mode = $3 AND status = 'pending') < $7
            ON CONFLICT (player_id, mode) WHERE status = 'pending' DO NOTHING
            RETURNING {Columns})
        SELECT true, {Columns} FROM inserted
        UNION ALL
        SELECT false, {Columns} FROM matchmaker_tickets WHERE player_id = $2 AND mode = $3 AND status = 'pending'
        """;
    private const string RemoveSql = """
        UPDATE matchmaker_tickets SET status = 'removed', updated_at = now()
        WHERE ticket_id = $1 AND player_id = $2 AND status = 'pending'
        """;
    private const string GetSql = $"SELECT {Columns} FROM matchmaker_tickets WHERE ticket_id = $1 AND player_id = $2";
    private const string MineSql = $"""
        SELECT {Columns} FROM matchmaker_tickets WHERE player_id = $1 AND status = 'pending' ORDER BY created_at
        """;

    // Follow-ups of sockets and announcements (see TicketFollowUpWorker), one batch per round trip:
    // players whose match.matched reached a socket are marked told;
    private const string ToldSql = """
        UPDATE matchmaker_tickets t SET notified_at = now()
        FROM unnest($1::uuid[], $2::uuid[]) AS told(match_id, player_id)
        WHERE t.player_id = told.player_id AND t.match_id = told.match_id AND t.status = 'matched' AND t.notified_at IS NULL
        """;

    // a pending ticket queued over a socket follows its player to the node where a socket of theirs just authenticated;
    private const string RehomeSql = """
        UPDATE matchmaker_tickets SET node_id = $2
        WHERE player_id = ANY ($1) AND status = 'pending' AND node_id IS NOT NULL AND node_id <> $2
        """;

    // untold players who just connected and whose match runs on a live node, placed within the seat grace, are
    // claimed (told exactly once) and returned with what match.matched needs;
    private const string ClaimUntoldSql = """
        UPDATE matchmaker_tickets t SET notified_at = now()
        FROM match_records m JOIN cluster_nodes n ON n.node_id = m.node_id AND n.last_seen > now() - $3
        WHERE t.player_id = ANY ($1) AND t.status = 'matched' AND t.notified_at IS NULL
          AND m.match_id = t.match_id AND m.status = 'running' AND m.started_at > now() - $2
        RETURNING t.player_id, m.match_id, m.mode, m.node_id, n.url, m.players, m.teams::text
        """;

    // and their untold tickets of matches that are over are set aside, so the untold index stays small.
    private const string ForgetEndedSql = """
        UPDATE matchmaker_tickets t SET notified_at = now()
        FROM match_records m
        WHERE t.player_id = ANY ($1) AND t.status = 'matched' AND t.notified_at IS NULL
          AND m.match_id = t.match_id AND m.status IN ('finished', 'aborted', 'failed')
        """;

    public async Task<(AddOutcome Outcome, TicketRecord? Ticket)> AddAsync(
        Guid ticketId, Guid playerId, string mode, JsonElement properties, string? partyId, string? nodeId, int cap, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(AddSql);
        cmd.Parameters.Add(new() { Value = ticketId });
        cmd.Parameters.Add(new() { Value = playerId });
        cmd.Parameters.Add(new() { Value = mode });
        cmd.Parameters.Add(new() { Value = properties.GetRawText(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new() { Value = (object?)partyId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)nodeId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = cap });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        TicketRecord? existing = null;
        while (await reader.ReadAsync(ct))
        {
            var ticket = Read(reader, 1);
            if (reader.GetBoolean(0))
            {
                return (AddOutcome.Queued, ticket);
            }

            existing = ticket;
        }

        return existing is null ? (AddOutcome.QueueFull, null) : (AddOutcome.AlreadyQueued, existing);
    }

    /// <summary>Withdraws a pending ticket of the player; false when it is not theirs or no longer pending.</summary>
    public async Task<bool> RemoveAsync(Guid ticketId, Guid playerId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(RemoveSql);
        cmd.Parameters.Add(new() { Value = ticketId });
        cmd.Parameters.Add(new() { Value = playerId });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<TicketRecord?> GetAsync(Guid ticketId, Guid playerId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(GetSql);
        cmd.Parameters.Add(new() { Value = ticketId });
        cmd.Parameters.Add(new() { Value = playerId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader, 0) : null;
    }

    public async Task<IReadOnlyList<TicketRecord>> PendingOfAsync(Guid playerId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(MineSql);
        cmd.Parameters.Add(new() { Value = playerId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var tickets = new List<TicketRecord>();
        while (await reader.ReadAsync(ct))
        {
            tickets.Add(Read(reader, 0));
        }

        return tickets;
    }

    /// <summary>
    /// In one round trip: marks <paramref name="told"/> players' tickets told, moves the pending socket tickets of
    /// <paramref name="connected"/> players to <paramref name="nodeId"/>, and claims the live matches those players
    /// were never told of.
    /// </summary>
    public async Task<IReadOnlyList<UntoldMatch>> FollowUpAsync(
        string nodeId, IReadOnlyList<Guid> connected, IReadOnlyList<(Guid MatchId, Guid PlayerId)> told, TimeSpan seatGrace, TimeSpan nodeTimeout,
        CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        if (told.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(ToldSql)
            {
                Parameters = { new() { Value = told.Select(t => t.MatchId).ToArray() }, new() { Value = told.Select(t => t.PlayerId).ToArray() } },
            });
        }

        if (connected.Count > 0)
        {
            var players = connected.ToArray();
            batch.BatchCommands.Add(new NpgsqlBatchCommand(RehomeSql) { Parameters = { new() { Value = players }, new() { Value = nodeId } } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(ClaimUntoldSql)
            {
                Parameters = { new() { Value = players }, new() { Value = seatGrace }, new() { Value = nodeTimeout } },
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(ForgetEndedSql) { Parameters = { new() { Value = players } } });
        }

        var untold = new List<UntoldMatch>();
        if (batch.BatchCommands.Count == 0)
        {
            return untold;
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        do
        {
            while (reader.FieldCount == 7 && await reader.ReadAsync(ct))
            {
                var teams = MatchmakingJson.Read<List<List<Guid>>>(reader.GetString(6)) ?? [];
                untold.Add(new UntoldMatch(reader.GetGuid(0), new MatchAnnouncement(
                    reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetFieldValue<Guid[]>(5), [.. teams])));
            }
        }
        while (await reader.NextResultAsync(ct));

        return untold;
    }

    private static TicketRecord Read(NpgsqlDataReader r, int o) => new(
        r.GetGuid(o), r.GetGuid(o + 1), r.GetString(o + 2), r.GetString(o + 3),
        JsonDocument.Parse(r.GetString(o + 4)).RootElement.Clone(),
        r.IsDBNull(o + 5) ? null : r.GetString(o + 5),
        r.IsDBNull(o + 6) ? null : r.GetGuid(o + 6),
        r.GetFieldValue<DateTimeOffset>(o + 7));
}
