using Npgsql;

namespace Asobi.Node.Accounts;

/// <summary>SQL of auth sessions and their single-use refresh tokens.</summary>
public sealed class AuthSessionStore(NpgsqlDataSource db)
{
    private const string InsertSessionSql = "INSERT INTO auth_sessions (id, player_id, expires_at) VALUES ($1, $2, $3)";
    private const string InsertRefreshSql = "INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)";

    // Consumes the token only if it is unused, unexpired and its session is live: one statement, so two racing
    // refreshes cannot both win.
    private const string ConsumeRefreshSql = """
        UPDATE refresh_tokens rt SET used_at = now()
        FROM auth_sessions s
        WHERE rt.token_hash = $1 AND rt.used_at IS NULL AND rt.expires_at > now()
          AND s.id = rt.session_id AND s.revoked_at IS NULL AND s.expires_at > now()
        RETURNING s.id, s.player_id
        """;
    private const string RefreshStateSql = """
        SELECT s.id, s.player_id, rt.used_at IS NOT NULL
        FROM refresh_tokens rt JOIN auth_sessions s ON s.id = rt.session_id
        WHERE rt.token_hash = $1
        """;
    private const string RevokeSql = """
        UPDATE auth_sessions SET revoked_at = now(), revoke_reason = $2
        WHERE id = $1 AND revoked_at IS NULL
        RETURNING player_id
        """;
    private const string SessionStateSql = "SELECT player_id, revoked_at IS NOT NULL OR expires_at <= now() FROM auth_sessions WHERE id = $1";
    private const string RevokedAmongSql = """
        SELECT id FROM auth_sessions WHERE id = ANY($1) AND (revoked_at IS NOT NULL OR expires_at <= now())
        """;

    public async Task CreateSessionAsync(Guid sessionId, Guid playerId, DateTimeOffset sessionExpires, byte[] refreshHash, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(InsertSessionSql)
        {
            Parameters = { new() { Value = sessionId }, new() { Value = playerId }, new() { Value = sessionExpires } },
        });
        batch.BatchCommands.Add(RefreshInsert(refreshHash, sessionId, sessionExpires));
        await batch.ExecuteNonQueryAsync(ct); // a batch runs as one implicit transaction
    }

    /// <summary>Marks the token used and issues its successor in the same session.</summary>
    public async Task<RefreshOutcome> RotateAsync(byte[] tokenHash, byte[] nextHash, DateTimeOffset nextExpires, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        Guid sessionId, playerId;
        await using (var consume = new NpgsqlCommand(ConsumeRefreshSql, conn, tx) { Parameters = { new() { Value = tokenHash } } })
        await using (var reader = await consume.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                await reader.CloseAsync();
                await tx.RollbackAsync(ct);
                return await StateOfAsync(tokenHash, ct);
            }

            (sessionId, playerId) = (reader.GetGuid(0), reader.GetGuid(1));
        }

        await using (var insert = new NpgsqlCommand(InsertRefreshSql, conn, tx))
        {
            insert.Parameters.Add(new() { Value = nextHash });
            insert.Parameters.Add(new() { Value = sessionId });
            insert.Parameters.Add(new() { Value = nextExpires });
            await insert.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return new RefreshOutcome(RefreshStatus.Rotated, sessionId, playerId);
    }

    /// <summary>Revokes a session; returns its player, or null when it was unknown or already revoked.</summary>
    public async Task<Guid?> RevokeAsync(Guid sessionId, string reason, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(RevokeSql);
        cmd.Parameters.Add(new() { Value = sessionId });
        cmd.Parameters.Add(new() { Value = reason });
        return await cmd.ExecuteScalarAsync(ct) is Guid player ? player : null;
    }

    /// <summary>Null when the session does not exist; else whether it is still usable.</summary>
    public async Task<SessionState?> GetStateAsync(Guid sessionId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SessionStateSql);
        cmd.Parameters.Add(new() { Value = sessionId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new SessionState(reader.GetGuid(0), Revoked: reader.GetBoolean(1)) : null;
    }

    /// <summary>Which of these sessions are revoked or expired (one round trip for a whole node's sockets).</summary>
    public async Task<HashSet<Guid>> RevokedAmongAsync(IReadOnlyCollection<Guid> sessionIds, CancellationToken ct)
    {
        var revoked = new HashSet<Guid>();
        if (sessionIds.Count == 0)
        {
            return revoked;
        }

        await using var cmd = db.CreateCommand(RevokedAmongSql);
        cmd.Parameters.Add(new() { Value = sessionIds.ToArray() });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            revoked.Add(reader.GetGuid(0));
        }

        return revoked;
    }

    /// <summary>The session a refresh token belongs to, whatever its state.</summary>
    public async Task<RefreshOutcome> StateOfAsync(byte[] tokenHash, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(RefreshStateSql);
        cmd.Parameters.Add(new() { Value = tokenHash });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return new RefreshOutcome(RefreshStatus.Unknown, Guid.Empty, Guid.Empty);
        }

        return new RefreshOutcome(reader.GetBoolean(2) ? RefreshStatus.Reused : RefreshStatus.Invalid, reader.GetGuid(0), reader.GetGuid(1));
    }

    private static NpgsqlBatchCommand RefreshInsert(byte[] hash, Guid sessionId, DateTimeOffset expires) =>
        new(InsertRefreshSql) { Parameters = { new() { Value = hash }, new() { Value = sessionId }, new() { Value = expires } } };
}

public enum RefreshStatus
{
    Rotated,
    /// <summary>The token was already used: a replay, so its whole family is revoked.</summary>
    Reused,
    /// <summary>Expired, or its session is revoked or expired.</summary>
    Invalid,
    Unknown,
}

public sealed record RefreshOutcome(RefreshStatus Status, Guid SessionId, Guid PlayerId);

public sealed record SessionState(Guid PlayerId, bool Revoked);
