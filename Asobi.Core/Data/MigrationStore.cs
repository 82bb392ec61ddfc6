using Npgsql;

namespace Asobi.Data;

/// <summary>The SQL of the migration ledger: the lock that serialises runners and the table that records versions.</summary>
internal sealed class MigrationStore
{
    // A fixed, documented key: every Asobi process that migrates takes this lock first.
    internal const long MigrationLockKey = 0x4153_4F42_4901; // "ASOBI" + 1

    private const string LockSql = "SELECT pg_advisory_lock($1)";
    private const string UnlockSql = "SELECT pg_advisory_unlock($1)";
    private const string EnsureTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;
    private const string AppliedSql = "SELECT version FROM schema_migrations";
    private const string RecordSql = "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)";

    public static async Task LockAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(LockSql, conn) { Parameters = { new() { Value = MigrationLockKey } } };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task UnlockAsync(NpgsqlConnection conn)
    {
        await using var cmd = new NpgsqlCommand(UnlockSql, conn) { Parameters = { new() { Value = MigrationLockKey } } };
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using (var ensure = new NpgsqlCommand(EnsureTableSql, conn))
        {
            await ensure.ExecuteNonQueryAsync(ct);
        }

        var applied = new HashSet<int>();
        await using var cmd = new NpgsqlCommand(AppliedSql, conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            applied.Add(reader.GetInt32(0));
        }

        return applied;
    }

    /// <summary>Runs one migration's text and records it, in one transaction: all of it or none of it.</summary>
    public static async Task ApplyAsync(NpgsqlConnection conn, Migration migration, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var body = new NpgsqlCommand(migration.Sql, conn, tx))
        {
            await body.ExecuteNonQueryAsync(ct);
        }

        await using (var record = new NpgsqlCommand(RecordSql, conn, tx)
        {
            Parameters = { new() { Value = migration.Version }, new() { Value = migration.Name } },
        })
        {
            await record.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }
}
