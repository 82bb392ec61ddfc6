using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Node.Storage;

/// <summary>
/// SQL of collection objects. (collection, key) names one object; its creator owns it. Reads: the owner, or anyone
/// when <c>read_permission = 'public'</c>; writes likewise with <c>write_permission</c>; only the owner changes
/// permissions or deletes.
/// </summary>
public sealed class StorageObjectStore(NpgsqlDataSource db)
{
    private const string Columns = "collection, key, owner_id, value, version, read_permission, write_permission, updated_at";

    // $1 collection, $2 key, $3 caller, $4 value, $5 expected version, $6 read, $7 write (null: keep / default owner).
    private const string WriteSql = """
        INSERT INTO storage_objects AS o (collection, key, owner_id, value, version, read_permission, write_permission)
        SELECT $1, $2, $3, $4, 1, coalesce($6, 'owner'), coalesce($7, 'owner')
        WHERE $5::bigint IS NULL OR $5 = 0 OR EXISTS (SELECT 1 FROM storage_objects WHERE collection = $1 AND key = $2)
        ON CONFLICT (collection, key) DO UPDATE
        SET value = EXCLUDED.value, version = o.version + 1, updated_at = now(),
            read_permission = coalesce($6, o.read_permission), write_permission = coalesce($7, o.write_permission)
        WHERE (o.owner_id = $3 OR (o.write_permission = 'public' AND $6::text IS NULL AND $7::text IS NULL))
          AND ($5 IS NULL OR o.version = $5)
        RETURNING version
        """;
    private const string DeleteSql = """
        DELETE FROM storage_objects WHERE collection = $1 AND key = $2 AND owner_id = $3 AND ($4::bigint IS NULL OR version = $4)
        """;
    private const string CurrentSql = "SELECT owner_id, version, write_permission FROM storage_objects WHERE collection = $1 AND key = $2";
    private const string GetSql = $"""
        SELECT {Columns} FROM storage_objects
        WHERE collection = $1 AND key = $2 AND (owner_id = $3 OR read_permission = 'public')
        """;
    private const string ListSql = $"""
        SELECT {Columns} FROM storage_objects
        WHERE collection = $1 AND (owner_id = $2 OR read_permission = 'public') AND ($3::text IS NULL OR key > $3)
        ORDER BY key
        LIMIT $4
        """;

    public async Task<WriteResult> WriteAsync(
        string collection, string key, Guid caller, string json, long? expectedVersion, string? read, string? write, CancellationToken ct)
    {
        await using (var cmd = db.CreateCommand(WriteSql))
        {
            cmd.Parameters.Add(new() { Value = collection });
            cmd.Parameters.Add(new() { Value = key });
            cmd.Parameters.Add(new() { Value = caller });
            cmd.Parameters.Add(new() { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb });
            cmd.Parameters.Add(new() { Value = (object?)expectedVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new() { Value = (object?)read ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new() { Value = (object?)write ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            if (await cmd.ExecuteScalarAsync(ct) is long version)
            {
                return new WriteResult(WriteStatus.Written, version);
            }
        }

        var current = await CurrentAsync(collection, key, ct);
        if (current is not { } c)
        {
            return new WriteResult(WriteStatus.VersionConflict, 0);
        }

        var mayWrite = c.Owner == caller || (c.Write == Permission.Public && read is null && write is null);
        return mayWrite ? new WriteResult(WriteStatus.VersionConflict, c.Version) : new WriteResult(WriteStatus.Forbidden, c.Version);
    }

    /// <summary>Deletes an object the caller owns; the reason when nothing was deleted (null: deleted).</summary>
    public async Task<WriteResult> DeleteAsync(string collection, string key, Guid caller, long? expectedVersion, CancellationToken ct)
    {
        await using (var cmd = db.CreateCommand(DeleteSql))
        {
            cmd.Parameters.Add(new() { Value = collection });
            cmd.Parameters.Add(new() { Value = key });
            cmd.Parameters.Add(new() { Value = caller });
            cmd.Parameters.Add(new() { Value = (object?)expectedVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            if (await cmd.ExecuteNonQueryAsync(ct) == 1)
            {
                return new WriteResult(WriteStatus.Written, 0);
            }
        }

        var current = await CurrentAsync(collection, key, ct);
        return current switch
        {
            null => new WriteResult(WriteStatus.VersionConflict, 0),
            { Owner: var o } when o != caller => new WriteResult(WriteStatus.Forbidden, current.Value.Version),
            _ => new WriteResult(WriteStatus.VersionConflict, current.Value.Version),
        };
    }

    public async Task<StorageObject?> GetAsync(string collection, string key, Guid caller, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(GetSql);
        cmd.Parameters.Add(new() { Value = collection });
        cmd.Parameters.Add(new() { Value = key });
        cmd.Parameters.Add(new() { Value = caller });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<StorageObject>> ListAsync(string collection, Guid caller, string? after, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ListSql);
        cmd.Parameters.Add(new() { Value = collection });
        cmd.Parameters.Add(new() { Value = caller });
        cmd.Parameters.Add(new() { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = limit });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<StorageObject>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    private async Task<(Guid Owner, long Version, string Write)?> CurrentAsync(string collection, string key, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(CurrentSql);
        cmd.Parameters.Add(new() { Value = collection });
        cmd.Parameters.Add(new() { Value = key });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2)) : null;
    }

    private static StorageObject Read(NpgsqlDataReader reader)
    {
        using var value = JsonDocument.Parse(reader.GetString(3));
        return new StorageObject(reader.GetString(0), reader.GetString(1), reader.GetGuid(2), value.RootElement.Clone(),
            reader.GetInt64(4), reader.GetString(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7));
    }
}
