using Npgsql;
using NpgsqlTypes;

namespace Asobi.Node.Social.Friends;

/// <summary>SQL of <c>friendships</c>: one row per pair, whoever asked first is <c>player_id</c>.</summary>
public sealed class FriendStore(NpgsqlDataSource db)
{
    private const string Columns = "player_id, friend_id, status, blocked_by, created_at, updated_at";
    private const string PairFilter = "((player_id = $1 AND friend_id = $2) OR (player_id = $2 AND friend_id = $1))";
    private const string DmCheckSql = $"""
        SELECT EXISTS (SELECT 1 FROM players WHERE id = $2),
               EXISTS (SELECT 1 FROM friendships WHERE {PairFilter} AND status = 'blocked')
        """;
    private const string PairSql = $"SELECT {Columns} FROM friendships WHERE {PairFilter}";
    private const string RequestSql = $"""
        INSERT INTO friendships (player_id, friend_id, status) VALUES ($1, $2, 'pending')
        ON CONFLICT DO NOTHING
        RETURNING {Columns}
        """;
    private const string AcceptSql = $"""
        UPDATE friendships SET status = 'accepted', updated_at = now()
        WHERE player_id = $2 AND friend_id = $1 AND status = 'pending'
        RETURNING {Columns}
        """;
    private const string BlockSql = $"""
        INSERT INTO friendships (player_id, friend_id, status, blocked_by) VALUES ($1, $2, 'blocked', $1)
        ON CONFLICT ((least(player_id, friend_id)), (greatest(player_id, friend_id))) DO UPDATE
        SET status = 'blocked', blocked_by = $1, updated_at = now()
        WHERE friendships.status <> 'blocked'
        RETURNING {Columns}
        """;
    private const string DeleteSql = $"""
        DELETE FROM friendships WHERE {PairFilter} AND (status <> 'blocked' OR blocked_by = $1)
        RETURNING {Columns}
        """;
    private const string AcceptedSql = """
        SELECT CASE WHEN player_id = $1 THEN friend_id ELSE player_id END
        FROM friendships WHERE (player_id = $1 OR friend_id = $1) AND status = 'accepted'
        """;
    private const string ListSql = """
        SELECT f.player_id, f.friend_id, f.status, f.blocked_by, f.created_at, f.updated_at,
               EXISTS (SELECT 1 FROM presence_sockets s JOIN cluster_nodes n ON n.node_id = s.node_id
                       WHERE s.player_id = o.id AND n.last_seen > now() - $4),
               p.status, p.last_seen
        FROM friendships f
        CROSS JOIN LATERAL (SELECT CASE WHEN f.player_id = $1 THEN f.friend_id ELSE f.player_id END AS id) o
        LEFT JOIN player_presence p ON p.player_id = o.id
        WHERE (f.player_id = $1 OR f.friend_id = $1)
          AND (f.status <> 'blocked' OR f.blocked_by = $1)
          AND ($2::text IS NULL OR f.status = $2)
        ORDER BY f.updated_at DESC
        LIMIT $3
        """;

    /// <summary>Whether the recipient exists and whether either player blocked the other.</summary>
    public async Task<(bool Exists, bool Blocked)> DmCheckAsync(Guid sender, Guid recipient, CancellationToken ct)
    {
        await using var cmd = Pair(DmCheckSql, sender, recipient);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetBoolean(0), reader.GetBoolean(1));
    }

    public async Task<Friendship?> GetAsync(Guid a, Guid b, CancellationToken ct) => await OneAsync(Pair(PairSql, a, b), ct);

    /// <summary>A pending request; null when any row for the pair exists.</summary>
    public async Task<Friendship?> RequestAsync(Guid from, Guid to, CancellationToken ct) => await OneAsync(Pair(RequestSql, from, to), ct);

    /// <summary>The recipient accepts a pending request from <paramref name="requester"/>; null when there is none.</summary>
    public async Task<Friendship?> AcceptAsync(Guid me, Guid requester, CancellationToken ct) => await OneAsync(Pair(AcceptSql, me, requester), ct);

    /// <summary>Blocks (creating the row if needed); null when the pair is blocked already.</summary>
    public async Task<Friendship?> BlockAsync(Guid me, Guid other, CancellationToken ct) => await OneAsync(Pair(BlockSql, me, other), ct);

    /// <summary>Removes the pair's row unless the other player blocked; the removed row or null.</summary>
    public async Task<Friendship?> DeleteAsync(Guid me, Guid other, CancellationToken ct) => await OneAsync(Pair(DeleteSql, me, other), ct);

    public async Task<IReadOnlyList<Guid>> AcceptedFriendsAsync(Guid player, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(AcceptedSql);
        cmd.Parameters.Add(new() { Value = player });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public async Task<IReadOnlyList<FriendEntry>> ListAsync(Guid player, string? status, int limit, TimeSpan nodeTimeout, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(ListSql);
        cmd.Parameters.Add(new() { Value = player });
        cmd.Parameters.Add(new() { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = limit });
        cmd.Parameters.Add(new() { Value = nodeTimeout });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var entries = new List<FriendEntry>();
        while (await reader.ReadAsync(ct))
        {
            var f = Read(reader);
            var accepted = f.Status == Friendship.Accepted;
            entries.Add(new FriendEntry(
                f,
                accepted && reader.GetBoolean(6),
                accepted && !reader.IsDBNull(7) ? reader.GetString(7) : null,
                accepted && !reader.IsDBNull(8) ? reader.GetFieldValue<DateTimeOffset>(8) : null));
        }

        return entries;
    }

    private NpgsqlCommand Pair(string sql, Guid a, Guid b)
    {
        var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new() { Value = a });
        cmd.Parameters.Add(new() { Value = b });
        return cmd;
    }

    private static async Task<Friendship?> OneAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var cmd = command;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static Friendship Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetGuid(3),
        r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5));
}
