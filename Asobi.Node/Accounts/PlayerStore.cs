using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Node.Accounts;

/// <summary>SQL of the player aggregate: players and their guest devices.</summary>
public sealed class PlayerStore(NpgsqlDataSource db)
{
    private const string Columns = "id, username, display_name, password_hash, is_guest, metadata, created_at";
    private const string InsertSql = $"""
        INSERT INTO players (id, username, display_name, password_hash, is_guest)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT DO NOTHING
        RETURNING {Columns}
        """;
    private const string ByIdSql = $"SELECT {Columns} FROM players WHERE id = $1";
    private const string ByUsernameSql = $"SELECT {Columns} FROM players WHERE lower(username) = lower($1)";
    private const string UpdateSql = $"""
        UPDATE players
        SET display_name = coalesce($2, display_name), metadata = coalesce($3, metadata), updated_at = now()
        WHERE id = $1
        RETURNING {Columns}
        """;
    private const string DeviceSql = "SELECT player_id, secret_hash FROM player_devices WHERE device_id = $1";
    private const string InsertDeviceSql = """
        INSERT INTO player_devices (device_id, player_id, secret_hash) VALUES ($1, $2, $3)
        ON CONFLICT (device_id) DO NOTHING
        """;

    /// <summary>Creates a player; null when the username is taken.</summary>
    public async Task<PlayerRecord?> CreateAsync(Guid id, string username, string displayName, string? passwordHash, bool isGuest, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(InsertSql);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = username });
        cmd.Parameters.Add(new() { Value = displayName });
        cmd.Parameters.Add(new() { Value = (object?)passwordHash ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = isGuest });
        return await ReadOneAsync(cmd, ct);
    }

    public async Task<PlayerRecord?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ByIdSql);
        cmd.Parameters.Add(new() { Value = id });
        return await ReadOneAsync(cmd, ct);
    }

    public async Task<PlayerRecord?> FindByUsernameAsync(string username, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ByUsernameSql);
        cmd.Parameters.Add(new() { Value = username });
        return await ReadOneAsync(cmd, ct);
    }

    public async Task<PlayerRecord?> UpdateAsync(Guid id, string? displayName, string? metadataJson, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(UpdateSql);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = (object?)displayName ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)metadataJson ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        return await ReadOneAsync(cmd, ct);
    }

    public async Task<(Guid PlayerId, string SecretHash)?> FindDeviceAsync(string deviceId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(DeviceSql);
        cmd.Parameters.Add(new() { Value = deviceId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetGuid(0), reader.GetString(1)) : null;
    }

    /// <summary>Creates a guest player with its device in one transaction; false when the device id was taken meanwhile.</summary>
    public async Task<bool> CreateGuestAsync(Guid id, string username, string deviceId, string secretHash, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var player = new NpgsqlCommand(InsertSql, conn, tx))
        {
            player.Parameters.Add(new() { Value = id });
            player.Parameters.Add(new() { Value = username });
            player.Parameters.Add(new() { Value = username });
            player.Parameters.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            player.Parameters.Add(new() { Value = true });
            await player.ExecuteNonQueryAsync(ct);
        }

        await using (var device = new NpgsqlCommand(InsertDeviceSql, conn, tx))
        {
            device.Parameters.Add(new() { Value = deviceId });
            device.Parameters.Add(new() { Value = id });
            device.Parameters.Add(new() { Value = secretHash });
            if (await device.ExecuteNonQueryAsync(ct) == 0)
            {
                await tx.RollbackAsync(ct);
                return false;
            }
        }

        await tx.CommitAsync(ct);
        return true;
    }

    private static async Task<PlayerRecord?> ReadOneAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        using var metadata = JsonDocument.Parse(reader.GetString(5));
        return new PlayerRecord(
            reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetBoolean(4),
            metadata.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(6));
    }
}
