using Npgsql;

namespace Asobi.Node.Leaderboards;

/// <summary>SQL of leaderboard records: one upsert per submit that applies the board's operator in PostgreSQL.</summary>
public sealed class LeaderboardStore(NpgsqlDataSource db)
{
    // Each operator is one upsert; the WHERE makes "nothing changed" return no row (and no new version).
    private const string Insert = """
        INSERT INTO leaderboard_records AS r (leaderboard_id, period_end, player_id, score, reached_at, version)
        VALUES ($1, $4, $2, $3, now(), 1)
        ON CONFLICT (leaderboard_id, period_end, player_id) DO UPDATE
        """;
    private const string Returning = "RETURNING score, reached_at, version";
    private const string ReplaceSet = "SET score = EXCLUDED.score, reached_at = now(), version = r.version + 1";
    private const string BestDescSql = $"{Insert} {ReplaceSet} WHERE EXCLUDED.score > r.score {Returning}";
    private const string BestAscSql = $"{Insert} {ReplaceSet} WHERE EXCLUDED.score < r.score {Returning}";
    private const string LatestSql = $"{Insert} {ReplaceSet} WHERE EXCLUDED.score <> r.score {Returning}";
    private const string AddSql = $"""
        {Insert} SET score = r.score + EXCLUDED.score, reached_at = now(), version = r.version + 1
        WHERE EXCLUDED.score <> 0 {Returning}
        """;
    private const string ChangedSql = """
        SELECT player_id, score, reached_at, version FROM leaderboard_records
        WHERE leaderboard_id = $1 AND period_end = $2 AND reached_at > $3
        """;
    private const string PeriodsSql = """
        SELECT period_end, count(*) FROM leaderboard_records
        WHERE leaderboard_id = $1 AND period_end < $2
        GROUP BY period_end ORDER BY period_end DESC LIMIT $3
        """;
    private const string ArchivedTemplate = """
        SELECT player_id, score, reached_at, version, row_number() OVER (ORDER BY score {0}, reached_at, player_id)
        FROM leaderboard_records WHERE leaderboard_id = $1 AND period_end = $2
        ORDER BY score {0}, reached_at, player_id
        OFFSET $3 LIMIT $4
        """;
    private static readonly string ArchivedDescSql = ArchivedTemplate.Replace("{0}", "DESC", StringComparison.Ordinal);
    private static readonly string ArchivedAscSql = ArchivedTemplate.Replace("{0}", "ASC", StringComparison.Ordinal);
    private const string LoadSql = "SELECT player_id, score, reached_at, version FROM leaderboard_records WHERE leaderboard_id = $1 AND period_end = $2";

    /// <summary>Applies a submit; the stored row when it changed, null when the operator kept the old score.</summary>
    public async Task<StoredScore?> SubmitAsync(LeaderboardDefinition board, DateTimeOffset periodEnd, Guid playerId, long score, CancellationToken ct)
    {
        var (sql, value) = board.Operator switch
        {
            ScoreOperator.Best => (board.Descending ? BestDescSql : BestAscSql, score),
            ScoreOperator.Latest => (LatestSql, score),
            ScoreOperator.Incr => (AddSql, score),
            ScoreOperator.Decr => (AddSql, checked(-score)),
            _ => throw new ArgumentOutOfRangeException(nameof(board)),
        };
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new() { Value = board.Id });
        cmd.Parameters.Add(new() { Value = playerId });
        cmd.Parameters.Add(new() { Value = value });
        cmd.Parameters.Add(new() { Value = periodEnd });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new StoredScore(periodEnd, playerId, reader.GetInt64(0), UnixMicros(reader.GetDateTime(1)), reader.GetInt64(2))
            : null;
    }

    /// <summary>Reads one period of a board into a fresh index (node start, resynchronisation, finished periods).</summary>
    public async Task<RankIndex> LoadAsync(LeaderboardDefinition board, DateTimeOffset periodEnd, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(LoadSql);
        cmd.Parameters.Add(new() { Value = board.Id });
        cmd.Parameters.Add(new() { Value = periodEnd });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<RankedEntry>(1024);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new RankedEntry(0, reader.GetGuid(0), reader.GetInt64(1), UnixMicros(reader.GetDateTime(2)), reader.GetInt64(3)));
        }

        var index = new RankIndex(board.Descending, capacity: rows.Count);
        index.Load([.. rows]);
        return index;
    }

    /// <summary>Rows of one period changed after <paramref name="since"/> (catch-up for events the bus dropped).</summary>
    public async Task<List<StoredScore>> ChangedSinceAsync(LeaderboardDefinition board, DateTimeOffset periodEnd, DateTimeOffset since, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ChangedSql);
        cmd.Parameters.Add(new() { Value = board.Id });
        cmd.Parameters.Add(new() { Value = periodEnd });
        cmd.Parameters.Add(new() { Value = since });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<StoredScore>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new StoredScore(periodEnd, reader.GetGuid(0), reader.GetInt64(1), UnixMicros(reader.GetDateTime(2)), reader.GetInt64(3)));
        }

        return rows;
    }

    /// <summary>Finished periods (before <paramref name="current"/>), newest first, with their entry counts.</summary>
    public async Task<List<(DateTimeOffset PeriodEnd, long Entries)>> PeriodsAsync(string boardId, DateTimeOffset current, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(PeriodsSql);
        cmd.Parameters.Add(new() { Value = boardId });
        cmd.Parameters.Add(new() { Value = current });
        cmd.Parameters.Add(new() { Value = limit });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<(DateTimeOffset, long)>();
        while (await reader.ReadAsync(ct))
        {
            list.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1)));
        }

        return list;
    }

    /// <summary>A page of a finished period's final standings, ranked in SQL (archives are read rarely; no cache).</summary>
    public async Task<List<RankedEntry>> ArchivedPageAsync(LeaderboardDefinition board, DateTimeOffset periodEnd, long offset, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(board.Descending ? ArchivedDescSql : ArchivedAscSql);
        cmd.Parameters.Add(new() { Value = board.Id });
        cmd.Parameters.Add(new() { Value = periodEnd });
        cmd.Parameters.Add(new() { Value = offset });
        cmd.Parameters.Add(new() { Value = (long)limit });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<RankedEntry>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(new RankedEntry(reader.GetInt64(4), reader.GetGuid(0), reader.GetInt64(1), UnixMicros(reader.GetDateTime(2)), reader.GetInt64(3)));
        }

        return list;
    }

    private static long UnixMicros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}

/// <summary>A record as stored after a submit.</summary>
public sealed record StoredScore(DateTimeOffset PeriodEnd, Guid PlayerId, long Score, long ReachedAtMicros, long Version);
