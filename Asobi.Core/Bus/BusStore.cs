using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Bus;

/// <summary>All SQL of the cluster bus: NOTIFY, LISTEN, and the <c>bus_overflow</c> table.</summary>
internal sealed class BusStore
{
    // Autocommit, never inside a transaction that writes data: a NOTIFYing transaction holds a cluster-wide lock
    // until its commit is flushed.
    private const string NotifySql = "SELECT pg_notify($1, $2)";
    private const string InsertOverflowSql = "INSERT INTO bus_overflow (payload) VALUES ($1) RETURNING id";
    private const string SelectOverflowSql = "SELECT id, payload FROM bus_overflow WHERE id = ANY($1)";
    private const string DeleteOldOverflowSql = "DELETE FROM bus_overflow WHERE created_at < now() - $1";

    // LISTEN takes an identifier, not a parameter; the channel name is validated as a plain lower-case identifier.
    private static readonly CompositeFormat ListenSql = CompositeFormat.Parse("LISTEN \"{0}\"");
    private const string UnlistenSql = "UNLISTEN *";

    private readonly NpgsqlDataSource dataSource;

    public BusStore(NpgsqlDataSource dataSource) => this.dataSource = dataSource;

    /// <summary>
    /// Sends the payloads in one round trip. The statements share one implicit transaction, so either all are
    /// delivered or none: a retry cannot deliver half a round twice.
    /// </summary>
    public async Task NotifyAsync(string channel, IReadOnlyList<PackedPayload> payloads, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var payload in payloads)
        {
            var command = new NpgsqlBatchCommand(NotifySql);
            command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = channel });
            command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = payload.Text });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stores events too large for a payload; returns their ids in the same order.</summary>
    public async Task<long[]> InsertOverflowAsync(IReadOnlyList<string> rows, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var row in rows)
        {
            var command = new NpgsqlBatchCommand(InsertOverflowSql);
            command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = row });
            batch.BatchCommands.Add(command);
        }

        var ids = new long[rows.Count];
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        for (var i = 0; i < ids.Length; i++)
        {
            if (i > 0)
            {
                await reader.NextResultAsync(cancellationToken);
            }

            await reader.ReadAsync(cancellationToken);
            ids[i] = reader.GetInt64(0);
        }

        return ids;
    }

    /// <summary>Rows that are gone (deleted as too old) are simply absent from the result.</summary>
    public async Task<Dictionary<long, string>> GetOverflowAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectOverflowSql);
        command.Parameters.Add(new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = [.. ids] });
        var rows = new Dictionary<long, string>(ids.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetInt64(0)] = reader.GetString(1);
        }

        return rows;
    }

    public async Task<int> DeleteOverflowOlderThanAsync(TimeSpan age, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DeleteOldOverflowSql);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = age });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task ListenAsync(NpgsqlConnection connection, string channel, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(string.Format(CultureInfo.InvariantCulture, ListenSql, channel), connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task UnlistenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UnlistenSql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
