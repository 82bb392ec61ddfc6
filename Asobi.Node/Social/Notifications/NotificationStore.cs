using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Node.Social.Notifications;

/// <summary>
/// SQL of a player's inbox: <c>notifications</c> (one row per player) and operator broadcasts
/// (<c>notification_broadcasts</c>, one row for everyone, with <c>notification_broadcast_receipts</c> holding a
/// player's read or deleted state once they act on it). A broadcast is in the inbox of players created before it.
/// </summary>
public sealed class NotificationStore(NpgsqlDataSource db)
{
    private const string Columns = "id, player_id, type, subject, content::text, sent_at, read_at";
    private const string InsertSql = $"""
        INSERT INTO notifications (id, player_id, type, subject, content, sent_at) VALUES ($1, $2, $3, $4, $5, $6)
        RETURNING {Columns}
        """;
    private const string InsertManySql = $"""
        INSERT INTO notifications (id, player_id, type, subject, content, sent_at)
        SELECT t.id, t.player_id, $3, $4, $5, $6 FROM unnest($1::uuid[], $2::uuid[]) AS t (id, player_id)
        WHERE EXISTS (SELECT 1 FROM players p WHERE p.id = t.player_id)
        RETURNING {Columns}
        """;
    // A broadcast read as a Notification row: no player, never read.
    private const string BroadcastColumns = "id, '00000000-0000-0000-0000-000000000000'::uuid, type, subject, content::text, sent_at, NULL::timestamptz";
    private const string InsertBroadcastSql = $"""
        INSERT INTO notification_broadcasts (id, type, subject, content) VALUES ($1, $2, $3, $4)
        RETURNING {BroadcastColumns}
        """;
    private const string ListBroadcastsSql = $"""
        SELECT {BroadcastColumns} FROM notification_broadcasts ORDER BY sent_at DESC, id LIMIT $1
        """;
    private const string RetractBroadcastSql = "DELETE FROM notification_broadcasts WHERE id = $1";
    private const string UnreadSinceSql = $"""
        SELECT {Columns} FROM notifications
        WHERE player_id = ANY($2) AND sent_at >= $1 AND read_at IS NULL
        ORDER BY sent_at, id LIMIT $3
        """;
    private const string BroadcastsSinceSql = $"""
        SELECT {BroadcastColumns} FROM notification_broadcasts WHERE sent_at >= $1 ORDER BY sent_at, id LIMIT $2
        """;
    private const string ListSql = $"""
        SELECT {Columns} FROM (
            SELECT id, player_id, type, subject, content, sent_at, read_at FROM notifications WHERE player_id = $1
            UNION ALL
            SELECT b.id, $1::uuid, b.type, b.subject, b.content, b.sent_at, r.read_at
            FROM notification_broadcasts b
            JOIN players p ON p.id = $1 AND p.created_at <= b.sent_at
            LEFT JOIN notification_broadcast_receipts r ON r.player_id = $1 AND r.broadcast_id = b.id
            WHERE r.deleted_at IS NULL
        ) inbox
        WHERE $2::boolean IS NULL OR (read_at IS NOT NULL) = $2
        ORDER BY sent_at DESC, id LIMIT $3
        """;
    private const string MarkReadSql = $"""
        UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND player_id = $2
        RETURNING {Columns}
        """;
    private const string DeleteSql = "DELETE FROM notifications WHERE id = $1 AND player_id = $2";
    private const string VisibleBroadcastCte = """
        visible AS (SELECT b.id, b.type, b.subject, b.content, b.sent_at FROM notification_broadcasts b
                    JOIN players p ON p.id = $2 AND p.created_at <= b.sent_at WHERE b.id = $1)
        """;
    private const string MarkBroadcastReadSql = $"""
        WITH {VisibleBroadcastCte},
        receipt AS (
            INSERT INTO notification_broadcast_receipts (player_id, broadcast_id, read_at) SELECT $2, id, now() FROM visible
            ON CONFLICT (player_id, broadcast_id) DO UPDATE
            SET read_at = coalesce(notification_broadcast_receipts.read_at, excluded.read_at)
            WHERE notification_broadcast_receipts.deleted_at IS NULL
            RETURNING read_at)
        SELECT v.id, $2::uuid, v.type, v.subject, v.content::text, v.sent_at, r.read_at FROM visible v CROSS JOIN receipt r
        """;
    private const string DeleteBroadcastSql = $"""
        WITH {VisibleBroadcastCte}
        INSERT INTO notification_broadcast_receipts (player_id, broadcast_id, deleted_at) SELECT $2, id, now() FROM visible
        ON CONFLICT (player_id, broadcast_id) DO UPDATE SET deleted_at = excluded.deleted_at
        WHERE notification_broadcast_receipts.deleted_at IS NULL
        """;

    public async Task<Notification> InsertAsync(Guid id, Guid player, string type, string subject, string contentJson, DateTimeOffset sentAt, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(InsertSql);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = player });
        cmd.Parameters.Add(new() { Value = type });
        cmd.Parameters.Add(new() { Value = subject });
        cmd.Parameters.Add(new() { Value = contentJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new() { Value = sentAt });
        return (await ReadAsync(cmd, ct))[0];
    }

    /// <summary>One notification per player in one statement; players that do not exist are skipped.</summary>
    public async Task<IReadOnlyList<Notification>> InsertManyAsync(
        IReadOnlyList<Guid> players, string type, string subject, string contentJson, DateTimeOffset sentAt, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(InsertManySql);
        cmd.Parameters.Add(new() { Value = players.Select(_ => Guid.CreateVersion7()).ToArray() });
        cmd.Parameters.Add(new() { Value = players.ToArray() });
        cmd.Parameters.Add(new() { Value = type });
        cmd.Parameters.Add(new() { Value = subject });
        cmd.Parameters.Add(new() { Value = contentJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new() { Value = sentAt });
        return await ReadAsync(cmd, ct);
    }

    /// <summary>Stores a broadcast (database time, so "players created before it" compares one clock). PlayerId is empty.</summary>
    public async Task<Notification> InsertBroadcastAsync(Guid id, string type, string subject, string contentJson, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(InsertBroadcastSql);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = type });
        cmd.Parameters.Add(new() { Value = subject });
        cmd.Parameters.Add(new() { Value = contentJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        return (await ReadAsync(cmd, ct))[0];
    }

    public async Task<IReadOnlyList<Notification>> ListAsync(Guid player, bool? read, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ListSql);
        cmd.Parameters.Add(new() { Value = player });
        cmd.Parameters.Add(new() { Value = (object?)read ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean });
        cmd.Parameters.Add(new() { Value = limit });
        return await ReadAsync(cmd, ct);
    }

    public async Task<Notification?> MarkReadAsync(Guid id, Guid player, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(MarkReadSql);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = player });
        var rows = await ReadAsync(cmd, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<bool> DeleteAsync(Guid id, Guid player, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(DeleteSql);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = player });
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>Marks a broadcast read for this player; null when it is not in their inbox (unknown, newer than them, deleted).</summary>
    public async Task<Notification?> MarkBroadcastReadAsync(Guid id, Guid player, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(MarkBroadcastReadSql);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = player });
        var rows = await ReadAsync(cmd, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Removes a broadcast from this player's inbox only; false when it is not there.</summary>
    public async Task<bool> DeleteBroadcastAsync(Guid id, Guid player, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(DeleteBroadcastSql);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = player });
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>Broadcasts newest first, for operators (PlayerId empty, never read).</summary>
    public async Task<IReadOnlyList<Notification>> ListBroadcastsAsync(int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ListBroadcastsSql);
        cmd.Parameters.Add(new() { Value = limit });
        return await ReadAsync(cmd, ct);
    }

    /// <summary>Deletes a broadcast for everyone, with every player's receipt of it; false when there is no such broadcast.</summary>
    public async Task<bool> RetractBroadcastAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(RetractBroadcastSql);
        cmd.Parameters.Add(new() { Value = id });
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>Unread notifications of these players sent since then, oldest first (for the catch-up after a bus outage).</summary>
    public async Task<IReadOnlyList<Notification>> UnreadSinceAsync(DateTimeOffset since, IReadOnlyCollection<Guid> players, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(UnreadSinceSql);
        cmd.Parameters.Add(new() { Value = since });
        cmd.Parameters.Add(new() { Value = players.ToArray() });
        cmd.Parameters.Add(new() { Value = limit });
        return await ReadAsync(cmd, ct);
    }

    /// <summary>Broadcasts sent since then, oldest first (PlayerId empty).</summary>
    public async Task<IReadOnlyList<Notification>> BroadcastsSinceAsync(DateTimeOffset since, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(BroadcastsSinceSql);
        cmd.Parameters.Add(new() { Value = since });
        cmd.Parameters.Add(new() { Value = limit });
        return await ReadAsync(cmd, ct);
    }

    private static async Task<List<Notification>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<Notification>();
        while (await reader.ReadAsync(ct))
        {
            using var content = JsonDocument.Parse(reader.GetString(4));
            rows.Add(new Notification(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), content.RootElement.Clone(),
                reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return rows;
    }
}
