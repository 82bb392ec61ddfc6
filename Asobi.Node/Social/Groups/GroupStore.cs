using Npgsql;

namespace Asobi.Node.Social.Groups;

/// <summary>SQL of <c>groups</c> and <c>group_members</c>.</summary>
public sealed class GroupStore(NpgsqlDataSource db)
{
    private const string IsMemberSql = "SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = $1 AND player_id = $2 AND NOT invited)";

    /// <summary>Whether the player is a member (an open invitation does not count).</summary>
    public async Task<bool> IsMemberAsync(Guid groupId, Guid player, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(IsMemberSql);
        cmd.Parameters.Add(new() { Value = groupId });
        cmd.Parameters.Add(new() { Value = player });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
