using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Node.Economy;

/// <summary>
/// SQL of wallets, the ledger, inventory and idempotency keys. Every mutation is ONE statement (so one implicit
/// transaction): the conditional UPDATE takes the (player, currency) row lock and re-checks the balance after any
/// concurrent writer commits, the ledger row carries the balance it left, and the idempotency key is inserted in the
/// same statement, so a concurrent retry fails on the key's primary key and rolls back entirely.
/// </summary>
public sealed class EconomyStore(NpgsqlDataSource db)
{
    // $1 player, $2 idempotency key (nullable), $3 operation fingerprint. Used by every mutation.
    private const string KeyUnused = "NOT EXISTS (SELECT 1 FROM economy_idempotency WHERE player_id = $1 AND key = $2)";
    private const string SaveKey = """
        INSERT INTO economy_idempotency (player_id, key, operation, result)
        SELECT $1, $2, $3, r.result FROM receipt r WHERE $2 IS NOT NULL
        """;

    // $4 currency, $5 amount, $6 reason, $7 reference.
    private const string GrantSql = $"""
        WITH credit AS (
            INSERT INTO wallets AS w (player_id, currency, balance)
            SELECT $1, $4, $5 WHERE {KeyUnused}
            ON CONFLICT (player_id, currency) DO UPDATE SET balance = w.balance + EXCLUDED.balance, updated_at = now()
            RETURNING balance),
        ledger AS (
            INSERT INTO transactions (player_id, currency, amount, balance_after, reason, reference)
            SELECT $1, $4, $5, balance, $6, $7 FROM credit),
        receipt AS (SELECT jsonb_build_object('balance', balance) AS result FROM credit),
        idem AS ({SaveKey})
        SELECT balance, NULL::bigint FROM credit
        """;

    // $4 currency, $5 price, $6 reason, $7 reference, $8 item (nullable: a plain debit), $9 item quantity.
    private const string DebitSql = $"""
        WITH debit AS (
            UPDATE wallets SET balance = balance - $5, updated_at = now()
            WHERE player_id = $1 AND currency = $4 AND balance >= $5 AND {KeyUnused}
            RETURNING balance),
        item AS (
            INSERT INTO inventory AS i (player_id, item_id, quantity)
            SELECT $1, $8, $9 FROM debit WHERE $8 IS NOT NULL
            ON CONFLICT (player_id, item_id) DO UPDATE SET quantity = i.quantity + EXCLUDED.quantity, updated_at = now()
            RETURNING quantity),
        ledger AS (
            INSERT INTO transactions (player_id, currency, amount, balance_after, reason, reference)
            SELECT $1, $4, -$5, balance, $6, $7 FROM debit),
        receipt AS (
            SELECT jsonb_build_object('balance', d.balance, 'quantity', (SELECT quantity FROM item)) AS result FROM debit d),
        idem AS ({SaveKey})
        SELECT d.balance, (SELECT quantity FROM item) FROM debit d
        """;

    // $4 item, $5 quantity.
    private const string ConsumeSql = $"""
        WITH used AS (
            UPDATE inventory SET quantity = quantity - $5, updated_at = now()
            WHERE player_id = $1 AND item_id = $4 AND quantity >= $5 AND {KeyUnused}
            RETURNING quantity),
        receipt AS (SELECT jsonb_build_object('quantity', quantity) AS result FROM used),
        idem AS ({SaveKey})
        SELECT NULL::bigint, quantity FROM used
        """;

    private const string StoredKeySql = "SELECT operation, result FROM economy_idempotency WHERE player_id = $1 AND key = $2";
    private const string WalletsSql = "SELECT currency, balance, updated_at FROM wallets WHERE player_id = $1 ORDER BY currency";
    private const string HistorySql = """
        SELECT id, amount, balance_after, reason, reference, created_at FROM transactions
        WHERE player_id = $1 AND currency = $2
          AND ($3::timestamptz IS NULL OR created_at < $3 OR (created_at = $3 AND $5::uuid IS NOT NULL AND id < $5))
        ORDER BY created_at DESC, id DESC
        LIMIT $4
        """;
    private const string ExpireKeysSql = "DELETE FROM economy_idempotency WHERE created_at < now() - $1";
    private const string InventorySql = "SELECT item_id, quantity, updated_at FROM inventory WHERE player_id = $1 AND quantity > 0 ORDER BY item_id";

    /// <summary>Credits a wallet (created on first grant). Server-side only: rewards, payouts, purchases verified elsewhere.</summary>
    public Task<Mutation> GrantAsync(Guid player, string currency, long amount, string reason, string? reference, string? key, CancellationToken ct) =>
        MutateAsync(GrantSql, player, key, $"grant:{currency}:{amount}", ct,
            Text(currency), Long(amount), Text(reason), Text(reference));

    /// <summary>Debits a wallet and, when <paramref name="itemId"/> is set, adds the item to the inventory in the same statement.</summary>
    public Task<Mutation> DebitAsync(
        Guid player, string currency, long amount, string reason, string? reference, string? itemId, long itemQuantity, string? key, CancellationToken ct) =>
        MutateAsync(DebitSql, player, key, $"{reason}:{reference}:{currency}:{amount}", ct,
            Text(currency), Long(amount), Text(reason), Text(reference), Text(itemId), Long(itemQuantity));

    public Task<Mutation> ConsumeAsync(Guid player, string itemId, long quantity, string? key, CancellationToken ct) =>
        MutateAsync(ConsumeSql, player, key, $"consume:{itemId}:{quantity}", ct, Text(itemId), Long(quantity));

    public async Task<IReadOnlyList<WalletBalance>> WalletsAsync(Guid player, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(WalletsSql);
        cmd.Parameters.Add(new() { Value = player });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<WalletBalance>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(new WalletBalance(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return list;
    }

    /// <summary>Newest first; (<paramref name="before"/>, <paramref name="beforeId"/>) is the last row of the previous page.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> HistoryAsync(
        Guid player, string currency, DateTimeOffset? before, Guid? beforeId, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(HistorySql);
        cmd.Parameters.Add(new() { Value = player });
        cmd.Parameters.Add(Text(currency));
        cmd.Parameters.Add(new() { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new() { Value = limit });
        cmd.Parameters.Add(new() { Value = (object?)beforeId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<LedgerEntry>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(new LedgerEntry(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return list;
    }

    public async Task<IReadOnlyList<InventoryItem>> InventoryAsync(Guid player, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(InventorySql);
        cmd.Parameters.Add(new() { Value = player });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<InventoryItem>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(new InventoryItem(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return list;
    }

    /// <summary>Forgets idempotency keys older than <paramref name="retention"/>; returns how many.</summary>
    public async Task<int> ExpireKeysAsync(TimeSpan retention, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ExpireKeysSql);
        cmd.Parameters.Add(new() { Value = retention, NpgsqlDbType = NpgsqlDbType.Interval });
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Creates the ledger partition of the month that contains <paramref name="month"/> (no-op if it exists).</summary>
    public async Task EnsurePartitionAsync(DateTimeOffset month, CancellationToken ct)
    {
        var from = new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var name = $"transactions_y{from:yyyy}m{from:MM}";
        await using var cmd = db.CreateCommand(PartitionSql(name, from, from.AddMonths(1)));
        try
        {
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
        {
            // Another node created it at the same moment.
        }
    }

    // DDL takes no parameters; the name and bounds come from a date, never from input.
    private static string PartitionSql(string name, DateTime from, DateTime to) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"CREATE TABLE IF NOT EXISTS {name} PARTITION OF transactions FOR VALUES FROM ('{from:yyyy-MM-dd}') TO ('{to:yyyy-MM-dd}')");

    private async Task<Mutation> MutateAsync(string sql, Guid player, string? key, string operation, CancellationToken ct, params NpgsqlParameter[] rest)
    {
        await using (var cmd = db.CreateCommand(sql))
        {
            cmd.Parameters.Add(new() { Value = player });
            cmd.Parameters.Add(Text(key));
            cmd.Parameters.Add(Text(operation));
            cmd.Parameters.AddRange(rest);
            try
            {
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                if (await reader.ReadAsync(ct))
                {
                    return new Mutation(MutationStatus.Applied, new EconomyReceipt(
                        reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)));
                }
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.TableName == "economy_idempotency")
            {
                // A concurrent request with the same key committed first; this one rolled back whole.
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.NumericValueOutOfRange)
            {
                return new Mutation(MutationStatus.OutOfRange, null);
            }
        }

        return key is null ? new Mutation(MutationStatus.Insufficient, null) : await StoredAsync(player, key, operation, ct);
    }

    private async Task<Mutation> StoredAsync(Guid player, string key, string operation, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(StoredKeySql);
        cmd.Parameters.Add(new() { Value = player });
        cmd.Parameters.Add(Text(key));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return new Mutation(MutationStatus.Insufficient, null);
        }

        if (reader.GetString(0) != operation)
        {
            return new Mutation(MutationStatus.KeyReused, null);
        }

        using var json = JsonDocument.Parse(reader.GetString(1));
        var root = json.RootElement;
        return new Mutation(MutationStatus.Replayed, new EconomyReceipt(Number(root, "balance"), Number(root, "quantity")));
    }

    private static long? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Long(long value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Bigint };
}
