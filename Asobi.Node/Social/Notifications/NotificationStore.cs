using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Node.Social.Notifications;

/// <summary>SQL of <c>notifications</c>.</summary>
public sealed class NotificationStore(NpgsqlDataSource db)
{
    private const string Columns = "id, player_id, type, subject, content::text, sent_at, read_at";
    private const string InsertSql = $"""
        INSERT INTO notifications (id, player_id, type, subject, content, sent_at) VALUES ($1, $2, $3, $4, $5, $6)
        RETURNING {Columns}
        """;
    private const string ListSql = $"""
        SELECT {Columns} FROM notifications
        WHERE player_id = $1 AND ($2::boolean IS NULL OR (read_at IS NOT NULL) = $2)
        ORDER BY sent_at DESC, id LIMIT $3
        """;
    private const string MarkReadSql = $"""
        UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND player_id = $2
        RETURNING {Columns}
        """;
    private const string DeleteSql = "DELETE FROM notifications WHERE id = $1 AND player_id = $2";

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
