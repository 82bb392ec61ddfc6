using Microsoft.Extensions.Logging;
using Npgsql;

namespace Asobi.Data;

/// <summary>
/// Applies the numbered migrations not yet recorded in <c>schema_migrations</c>. Every process runs it at start;
/// a session advisory lock makes concurrent starts take turns, so each file runs exactly once. We keep this
/// runner (about 100 lines) instead of DbUp or Evolve because it needs exactly that lock, embedded files and one
/// transaction per file, and nothing else.
/// </summary>
public sealed partial class MigrationRunner(ILogger<MigrationRunner> logger)
{
    /// <summary>Applies pending migrations; returns the names applied. Throws <see cref="MigrationFailedException"/> naming the file.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, IReadOnlyList<Migration> migrations, CancellationToken ct)
    {
        // Unpooled: the session lock must end with this connection, never linger in a pool.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "asobi-migrate" };
        await using var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync(ct);
        await MigrationStore.LockAsync(conn, ct);
        try
        {
            var applied = await MigrationStore.AppliedVersionsAsync(conn, ct);
            var done = new List<string>();
            foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)))
            {
                try
                {
                    await MigrationStore.ApplyAsync(conn, migration, ct);
                }
                catch (PostgresException ex)
                {
                    throw new MigrationFailedException(migration.Name, ex);
                }

                LogApplied(migration.Name);
                done.Add(migration.Name);
            }

            if (done.Count == 0)
            {
                LogUpToDate(migrations.Count);
            }

            return done;
        }
        finally
        {
            if (conn.State == System.Data.ConnectionState.Open)
            {
                await MigrationStore.UnlockAsync(conn);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Name}")]
    private partial void LogApplied(string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema is up to date ({Count} migrations)")]
    private partial void LogUpToDate(int count);
}
