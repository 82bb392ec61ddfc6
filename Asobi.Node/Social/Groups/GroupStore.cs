using Npgsql;
using NpgsqlTypes;

namespace Asobi.Node.Social.Groups;

/// <summary>SQL of <c>groups</c> and <c>group_members</c>. Writes that count members take a per-group advisory lock, so max_members holds under races.</summary>
public sealed class GroupStore(NpgsqlDataSource db)
{
    private const string GroupColumns = """
        g.id, g.name, g.description, g.open, g.max_members, g.created_by, g.created_at,
        (SELECT count(*)::int FROM group_members m WHERE m.group_id = g.id AND NOT m.invited)
        """;
    private const string LockSql = "SELECT pg_advisory_xact_lock(hashtextextended('group:' || $1::text, 0))";
    private const string IsMemberSql = "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = $1 AND player_id = $2 AND NOT invited)";
    private const string CreateSql = """
        WITH g AS (INSERT INTO groups (id, name, description, open, max_members, created_by) VALUES ($1, $2, $3, $4, $5, $6)
                   ON CONFLICT DO NOTHING RETURNING id),
             m AS (INSERT INTO group_members (group_id, player_id, role) SELECT id, $6, 3 FROM g RETURNING 1)
        SELECT (SELECT count(*) FROM m) = 1
        """;
    private const string GetSql = $"SELECT {GroupColumns} FROM groups g WHERE g.id = $1";
    private const string UpdateSql = $"""
        UPDATE groups g SET name = coalesce($2, name), description = coalesce($3, description), open = coalesce($4, open),
                            max_members = coalesce($5, max_members), updated_at = now()
        WHERE id = $1
        RETURNING {GroupColumns}
        """;
    private const string RolesSql = """
        SELECT player_id, role, invited FROM group_members WHERE group_id = $1 AND player_id = ANY($2)
        """;
    private const string JoinSql = """
        WITH g AS (SELECT open, max_members FROM groups WHERE id = $1),
             m AS (SELECT invited FROM group_members WHERE group_id = $1 AND player_id = $2),
             n AS (SELECT count(*) AS c FROM group_members WHERE group_id = $1 AND NOT invited),
             ins AS (INSERT INTO group_members (group_id, player_id, role, invited)
                     SELECT $1, $2, 0, false FROM g, n
                     WHERE (g.open OR coalesce((SELECT invited FROM m), false)) AND n.c < g.max_members
                       AND NOT coalesce((SELECT NOT invited FROM m), false)
                     ON CONFLICT (group_id, player_id) DO UPDATE SET invited = false, joined_at = now()
                     RETURNING 1)
        SELECT EXISTS (SELECT 1 FROM g), (SELECT invited FROM m), (SELECT open FROM g), (SELECT count(*) FROM ins) = 1
        """;
    private const string InviteSql = """
        INSERT INTO group_members (group_id, player_id, role, invited)
        SELECT $1, $2, 0, true FROM groups g
        WHERE g.id = $1 AND (SELECT count(*) FROM group_members WHERE group_id = $1 AND NOT invited) < g.max_members
        ON CONFLICT (group_id, player_id) DO NOTHING
        """;
    private const string RemoveSql = "DELETE FROM group_members WHERE group_id = $1 AND player_id = $2 AND role = $3";
    private const string SetRoleSql = "UPDATE group_members SET role = $4 WHERE group_id = $1 AND player_id = $2 AND role = $3 AND NOT invited";
    private const string DeleteGroupSql = "DELETE FROM groups WHERE id = $1";
    private const string MembersSql = """
        SELECT player_id, role, joined_at FROM group_members WHERE group_id = $1 AND NOT invited
        ORDER BY role DESC, joined_at LIMIT $2
        """;

    /// <summary>Whether the player is a member (an open invitation does not count).</summary>
    public async Task<bool> IsMemberAsync(Guid groupId, Guid player, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(IsMemberSql);
        cmd.Parameters.Add(new() { Value = groupId });
        cmd.Parameters.Add(new() { Value = player });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Creates the group with its owner; false when the name is taken.</summary>
    public async Task<bool> CreateAsync(Guid id, string name, string description, bool open, int maxMembers, Guid owner, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(CreateSql);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = name });
        cmd.Parameters.Add(new() { Value = description });
        cmd.Parameters.Add(new() { Value = open });
        cmd.Parameters.Add(new() { Value = maxMembers });
        cmd.Parameters.Add(new() { Value = owner });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<Group?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(GetSql);
        cmd.Parameters.Add(new() { Value = id });
        return await ReadGroupAsync(cmd, ct);
    }

    /// <summary>Changes the given fields; throws a unique violation when the new name is taken.</summary>
    public async Task<Group?> UpdateAsync(Guid id, string? name, string? description, bool? open, int? maxMembers, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(UpdateSql);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)description ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = (object?)open ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean });
        cmd.Parameters.Add(new() { Value = (object?)maxMembers ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        return await ReadGroupAsync(cmd, ct);
    }

    /// <summary>Roles of these players in the group (members only; invitees are reported with Invited).</summary>
    public async Task<Dictionary<Guid, (GroupRole Role, bool Invited)>> RolesAsync(Guid groupId, Guid[] players, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(RolesSql);
        cmd.Parameters.Add(new() { Value = groupId });
        cmd.Parameters.Add(new() { Value = players });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var roles = new Dictionary<Guid, (GroupRole, bool)>();
        while (await reader.ReadAsync(ct))
        {
            roles[reader.GetGuid(0)] = ((GroupRole)reader.GetInt16(1), reader.GetBoolean(2));
        }

        return roles;
    }

    public async Task<JoinOutcome> JoinAsync(Guid groupId, Guid player, CancellationToken ct)
    {
        await using var batch = Locked(groupId, JoinSql, groupId, player);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        if (!reader.GetBoolean(0))
        {
            return JoinOutcome.NoSuchGroup;
        }

        if (reader.GetBoolean(3))
        {
            return JoinOutcome.Joined;
        }

        var invited = reader.IsDBNull(1) ? (bool?)null : reader.GetBoolean(1);
        return invited == false ? JoinOutcome.AlreadyMember
            : reader.GetBoolean(2) || invited == true ? JoinOutcome.Full
            : JoinOutcome.Closed;
    }

    /// <summary>Records an invitation; false when the player is already in or invited, or the group is full.</summary>
    public async Task<bool> InviteAsync(Guid groupId, Guid player, CancellationToken ct)
    {
        await using var batch = Locked(groupId, InviteSql, groupId, player);
        return await batch.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>Removes a member if their role is still <paramref name="expected"/>.</summary>
    public async Task<bool> RemoveAsync(Guid groupId, Guid player, GroupRole expected, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(RemoveSql);
        cmd.Parameters.Add(new() { Value = groupId });
        cmd.Parameters.Add(new() { Value = player });
        cmd.Parameters.Add(new() { Value = (short)expected });
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>Changes a member's role if it is still <paramref name="expected"/>.</summary>
    public async Task<bool> SetRoleAsync(Guid groupId, Guid player, GroupRole expected, GroupRole role, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(SetRoleSql);
        cmd.Parameters.Add(new() { Value = groupId });
        cmd.Parameters.Add(new() { Value = player });
        cmd.Parameters.Add(new() { Value = (short)expected });
        cmd.Parameters.Add(new() { Value = (short)role });
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    public async Task DeleteGroupAsync(Guid groupId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(DeleteGroupSql);
        cmd.Parameters.Add(new() { Value = groupId });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<GroupMember>> MembersAsync(Guid groupId, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(MembersSql);
        cmd.Parameters.Add(new() { Value = groupId });
        cmd.Parameters.Add(new() { Value = limit });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var members = new List<GroupMember>();
        while (await reader.ReadAsync(ct))
        {
            members.Add(new GroupMember(reader.GetGuid(0), (GroupRole)reader.GetInt16(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return members;
    }

    private NpgsqlBatch Locked(Guid groupId, string sql, params object[] parameters)
    {
        // Both statements share the batch's implicit transaction, which holds the lock until it commits.
        var batch = db.CreateBatch();
        var lockCmd = new NpgsqlBatchCommand(LockSql);
        lockCmd.Parameters.Add(new() { Value = groupId });
        batch.BatchCommands.Add(lockCmd);
        var cmd = new NpgsqlBatchCommand(sql);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new() { Value = p });
        }

        batch.BatchCommands.Add(cmd);
        return batch;
    }

    private static async Task<Group?> ReadGroupAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new Group(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetInt32(4),
                reader.GetGuid(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetInt32(7))
            : null;
    }
}
