namespace Asobi.Node.Social.Groups;

/// <summary>Ranks in a group, lowest first; stored as their number.</summary>
public enum GroupRole
{
    Member = 0,
    Moderator = 1,
    Admin = 2,
    Owner = 3,
}

/// <summary>Role names on the wire.</summary>
public static class GroupRoles
{
    public static string Name(GroupRole role) => role switch
    {
        GroupRole.Owner => "owner",
        GroupRole.Admin => "admin",
        GroupRole.Moderator => "moderator",
        _ => "member",
    };

    public static bool TryParse(string? name, out GroupRole role)
    {
        (var ok, role) = name switch
        {
            "owner" => (true, GroupRole.Owner),
            "admin" => (true, GroupRole.Admin),
            "moderator" => (true, GroupRole.Moderator),
            "member" => (true, GroupRole.Member),
            _ => (false, GroupRole.Member),
        };
        return ok;
    }
}
