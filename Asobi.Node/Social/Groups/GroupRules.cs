namespace Asobi.Node.Social.Groups;

/// <summary>
/// Who may do what in a group, as the Erlang Asobi has it: owner &gt; admin &gt; moderator &gt; member. Editing the
/// group needs admin; kicking needs moderator and a higher rank than the target; changing a role needs admin, a
/// higher rank than the target, and a new role no higher than one's own and never owner; inviting needs moderator.
/// </summary>
public static class GroupRules
{
    public static bool CanEdit(GroupRole actor) => actor >= GroupRole.Admin;

    public static bool CanInvite(GroupRole actor) => actor >= GroupRole.Moderator;

    public static bool CanKick(GroupRole actor, GroupRole target) => actor >= GroupRole.Moderator && actor > target;

    public static bool CanSetRole(GroupRole actor, GroupRole target, GroupRole newRole) =>
        actor >= GroupRole.Admin && actor > target && newRole != GroupRole.Owner && newRole <= actor;
}
