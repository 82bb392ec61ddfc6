using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Node.Storage;

/// <summary>SQL of cloud saves: one document per (player, slot), written only at the version the client last read.</summary>
public sealed class SaveStore(NpgsqlDataSource db)
{
    // $4 expected version (null: unconditional, 0: must not exist), $5 slot limit for a new slot.
    private const string WriteSql = """
        INSERT INTO saves AS s (player_id, slot, data, version)
        SELECT $1, $2, $3, 1
        WHERE CASE WHEN EXISTS (SELECT 1 FROM saves WHERE player_id = $1 AND slot = $2) THEN true -- then the version check below
                   ELSE ($4::bigint IS NULL OR $4 = 0) AND (SELECT count(*) FROM saves WHERE player_id = $1) < $5 END
        ON CONFLICT (player_id, slot) DO UPDATE SET data = EXCLUDED.data, version = s.version + 1, updated_at = now()
        WHERE $4 IS NULL OR s.version = $4
        RETURNING version
        """;
    private const string CurrentSql = "SELECT (SELECT version FROM saves WHERE player_id = $1 AND slot = $2), (SELECT count(*) FROM saves WHERE player_id = $1)";
    private const string GetSql = "SELECT slot, data, version, updated_at FROM saves WHERE player_id = $1 AND slot = $2";
    private const string ListSql = "SELECT slot, version, octet_length(data::text), updated_at FROM saves WHERE player_id = $1 ORDER BY slot";

    public async Task<WriteResult> WriteAsync(Guid player, string slot, string json, long? expectedVersion, int maxSlots, CancellationToken ct)
    {
        await using (var cmd = db.CreateCommand(WriteSql))
        {
            cmd.Parameters.Add(new() { Value = player });
            cmd.Parameters.Add(new() { Value = slot });
            cmd.Parameters.Add(new() { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb });
            cmd.Parameters.Add(new() { Value = (object?)expectedVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new() { Value = (long)maxSlots });
            if (await cmd.ExecuteScalarAsync(ct) is long version)
            {
                return new WriteResult(WriteStatus.Written, version);
            }
        }

        // Not written: say why (the conflict path is rare, so the second round trip is fine).
        await using var current = db.CreateCommand(CurrentSql);
        current.Parameters.Add(new() { Value = player });
        current.Parameters.Add(new() { Value = slot });
        await using var reader = await current.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (reader.IsDBNull(0))
        {
            return expectedVersion is null or 0 && reader.GetInt64(1) >= maxSlots
                ? new WriteResult(WriteStatus.TooManySlots, 0)
                : new WriteResult(WriteStatus.VersionConflict, 0);
        }

        return new WriteResult(WriteStatus.VersionConflict, reader.GetInt64(0));
    }

    public async Task<SaveRecord?> GetAsync(Guid player, string slot, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(GetSql);
        cmd.Parameters.Add(new() { Value = player });
        cmd.Parameters.Add(new() { Value = slot });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        using var data = JsonDocument.Parse(reader.GetString(1));
        return new SaveRecord(reader.GetString(0), data.RootElement.Clone(), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3));
    }

    public async Task<IReadOnlyList<SaveSummary>> ListAsync(Guid player, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ListSql);
        cmd.Parameters.Add(new() { Value = player });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<SaveSummary>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(new SaveSummary(reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return list;
    }
}
