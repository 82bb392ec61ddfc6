using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Asobi.Node.Tournaments;

/// <summary>
/// SQL of tournament entries and payouts. A join is one statement in one transaction: the entry, the run's entry
/// counter (a conditional upsert, so concurrent joins never exceed the maximum) and the fee with its ledger row;
/// any failed step rolls the whole join back.
/// </summary>
public sealed class TournamentStore(NpgsqlDataSource db)
{
    // $1 tournament, $2 run end, $3 player, $4 max entries (0: unlimited), $5 fee currency, $6 fee.
    private const string JoinSql = """
        WITH entry AS (
            INSERT INTO tournament_entries (tournament_id, ends_at, player_id) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING
            RETURNING player_id),
        counter AS (
            INSERT INTO tournament_runs AS r (tournament_id, ends_at, entries)
            SELECT $1, $2, 1 FROM entry
            ON CONFLICT (tournament_id, ends_at) DO UPDATE SET entries = r.entries + 1
            WHERE $4 = 0 OR r.entries < $4
            RETURNING entries),
        fee AS (
            UPDATE wallets SET balance = balance - $6, updated_at = now()
            WHERE $6 > 0 AND player_id = $3 AND currency = $5 AND balance >= $6 AND EXISTS (SELECT 1 FROM counter)
            RETURNING balance),
        ledger AS (
            INSERT INTO transactions (player_id, currency, amount, balance_after, reason, reference)
            SELECT $3, $5, -$6, balance, 'tournament_entry', $1 FROM fee)
        SELECT EXISTS (SELECT 1 FROM entry), (SELECT entries FROM counter), (SELECT balance FROM fee)
        """;
    private const string EnteredSql = "SELECT EXISTS (SELECT 1 FROM tournament_entries WHERE tournament_id = $1 AND ends_at = $2 AND player_id = $3)";
    private const string EntriesSql = "SELECT coalesce((SELECT entries FROM tournament_runs WHERE tournament_id = $1 AND ends_at = $2), 0)";

    // Freezes the winners of a finished run once: whoever inserts first decides, later claims change nothing.
    private const string ClaimTemplate = """
        INSERT INTO tournament_payouts (tournament_id, ends_at, winners)
        SELECT $1, $2, coalesce(jsonb_agg(jsonb_build_object('player_id', player_id, 'rank', rk) ORDER BY rk), '[]'::jsonb)
        FROM (SELECT player_id, row_number() OVER (ORDER BY score {0}, reached_at, player_id) AS rk
              FROM leaderboard_records WHERE leaderboard_id = $3 AND period_end = $2) ranked
        WHERE rk <= $4
        ON CONFLICT DO NOTHING
        """;
    private static readonly string ClaimDescSql = ClaimTemplate.Replace("{0}", "DESC", StringComparison.Ordinal);
    private static readonly string ClaimAscSql = ClaimTemplate.Replace("{0}", "ASC", StringComparison.Ordinal);
    private const string PendingSql = "SELECT winners FROM tournament_payouts WHERE tournament_id = $1 AND ends_at = $2 AND paid_at IS NULL";
    private const string PaidSql = "UPDATE tournament_payouts SET paid_at = now() WHERE tournament_id = $1 AND ends_at = $2 AND paid_at IS NULL";

    public async Task<JoinOutcome> JoinAsync(TournamentDefinition t, DateTimeOffset runEnd, Guid player, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(JoinSql, conn, tx);
        cmd.Parameters.Add(new() { Value = t.Id });
        cmd.Parameters.Add(new() { Value = runEnd });
        cmd.Parameters.Add(new() { Value = player });
        cmd.Parameters.Add(new() { Value = t.MaxEntries });
        cmd.Parameters.Add(new() { Value = (object?)t.EntryFeeCurrency ?? "", NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = t.EntryFee, NpgsqlDbType = NpgsqlDbType.Bigint });
        JoinOutcome outcome;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            outcome = !reader.GetBoolean(0) ? JoinOutcome.AlreadyJoined
                : reader.IsDBNull(1) ? JoinOutcome.Full
                : t.EntryFee > 0 && reader.IsDBNull(2) ? JoinOutcome.InsufficientFunds
                : JoinOutcome.Joined;
        }

        if (outcome == JoinOutcome.Joined)
        {
            await tx.CommitAsync(ct);
        }
        else
        {
            await tx.RollbackAsync(ct);
        }

        return outcome;
    }

    public async Task<bool> IsEnteredAsync(string tournamentId, DateTimeOffset runEnd, Guid player, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(EnteredSql);
        cmd.Parameters.Add(new() { Value = tournamentId });
        cmd.Parameters.Add(new() { Value = runEnd });
        cmd.Parameters.Add(new() { Value = player });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<int> EntriesAsync(string tournamentId, DateTimeOffset runEnd, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(EntriesSql);
        cmd.Parameters.Add(new() { Value = tournamentId });
        cmd.Parameters.Add(new() { Value = runEnd });
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Fixes the winners of a finished run (no-op when already fixed); returns them while unpaid, else null.</summary>
    public async Task<IReadOnlyList<(Guid Player, int Rank)>?> ClaimAsync(TournamentDefinition t, DateTimeOffset runEnd, CancellationToken ct)
    {
        var batch = db.CreateBatch();
        await using (batch)
        {
            var claim = new NpgsqlBatchCommand(t.Board.Descending ? ClaimDescSql : ClaimAscSql);
            claim.Parameters.Add(new() { Value = t.Id });
            claim.Parameters.Add(new() { Value = runEnd });
            claim.Parameters.Add(new() { Value = t.Board.Id });
            claim.Parameters.Add(new() { Value = (long)t.PaidRanks });
            var pending = new NpgsqlBatchCommand(PendingSql);
            pending.Parameters.Add(new() { Value = t.Id });
            pending.Parameters.Add(new() { Value = runEnd });
            batch.BatchCommands.Add(claim);
            batch.BatchCommands.Add(pending);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            if (reader.FieldCount == 0)
            {
                await reader.NextResultAsync(ct); // the INSERT's (empty) result, if the driver reports one
            }

            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            using var winners = JsonDocument.Parse(reader.GetString(0));
            return [.. winners.RootElement.EnumerateArray().Select(w => (w.GetProperty("player_id").GetGuid(), w.GetProperty("rank").GetInt32()))];
        }
    }

    public async Task MarkPaidAsync(string tournamentId, DateTimeOffset runEnd, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(PaidSql);
        cmd.Parameters.Add(new() { Value = tournamentId });
        cmd.Parameters.Add(new() { Value = runEnd });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

public enum JoinOutcome
{
    Joined,
    AlreadyJoined,
    Full,
    InsufficientFunds,
    NotStarted,
    Over,
    NotFound,
}
