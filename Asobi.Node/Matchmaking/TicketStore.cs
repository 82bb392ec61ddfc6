using System.Text.Json;
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

    private static TicketRecord Read(NpgsqlDataReader r, int o) => new(
        r.GetGuid(o), r.GetGuid(o + 1), r.GetString(o + 2), r.GetString(o + 3),
        JsonDocument.Parse(r.GetString(o + 4)).RootElement.Clone(),
        r.IsDBNull(o + 5) ? null : r.GetString(o + 5),
        r.IsDBNull(o + 6) ? null : r.GetGuid(o + 6),
        r.GetFieldValue<DateTimeOffset>(o + 7));
}
