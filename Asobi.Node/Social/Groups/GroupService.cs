using Asobi.Node.Social.Chat;
using Asobi.Node.Social.Fanout;
using Asobi.Node.Social.Notifications;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asobi.Node.Social.Groups;

/// <summary>
/// Groups and their members under <see cref="GroupRules"/>. Open groups accept joins up to max_members; closed
/// groups accept only players a moderator invited. Whoever leaves or is kicked is also removed from the group's
/// <c>room:</c> channel on every node.
/// </summary>
public sealed class GroupService(GroupStore store, NotificationService notifications, FanoutRouter router, IOptions<GroupOptions> options)
{
    private const string UniqueViolation = "23505";
    private const string ForeignKeyViolation = "23503";

    private static readonly SocialError NoGroup = SocialErrors.NotFound.WithMessage("No such group.");

    public async Task<SocialResult<Group>> CreateAsync(Guid owner, string? name, string? description, bool? open, int? maxMembers, CancellationToken ct)
    {
        if (Validate(name, description, maxMembers, nameRequired: true) is { } invalid)
        {
            return invalid;
        }

        var id = Guid.CreateVersion7();
        if (!await store.CreateAsync(id, name!.Trim(), description ?? "", open ?? true, maxMembers ?? options.Value.DefaultMaxMembers, owner, ct))
        {
            return SocialErrors.Conflict.WithMessage("A group with this name exists.");
        }

        return (await store.GetAsync(id, ct))!;
    }

    public async Task<SocialResult<Group>> GetAsync(Guid id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } group ? group : NoGroup;

    public async Task<SocialResult<Group>> UpdateAsync(Guid actor, Guid id, string? name, string? description, bool? open, int? maxMembers, CancellationToken ct)
    {
        if (Validate(name, description, maxMembers, nameRequired: false) is { } invalid)
        {
            return invalid;
        }

        var roles = await store.RolesAsync(id, [actor], ct);
        if (!IsMember(roles, actor, out var role) || !GroupRules.CanEdit(role))
        {
            return await store.GetAsync(id, ct) is null ? NoGroup : SocialErrors.NotPermitted.WithMessage("Only admins and the owner can edit the group.");
        }

        if (maxMembers is { } max && (await store.GetAsync(id, ct))?.MemberCount > max)
        {
            return SocialErrors.Conflict.WithMessage("The group has more members than that.");
        }

        try
        {
            return await store.UpdateAsync(id, name?.Trim(), description, open, maxMembers, ct) is { } group ? group : NoGroup;
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            return SocialErrors.Conflict.WithMessage("A group with this name exists.");
        }
    }

    public async Task<SocialResult<Group>> JoinAsync(Guid player, Guid id, CancellationToken ct) =>
        await store.JoinAsync(id, player, ct) switch
        {
            JoinOutcome.Joined or JoinOutcome.AlreadyMember => (await store.GetAsync(id, ct))!,
            JoinOutcome.Closed => SocialErrors.NotPermitted.WithMessage("This group is closed; you need an invitation."),
            JoinOutcome.Full => SocialErrors.Conflict.WithMessage("The group is full."),
            _ => NoGroup,
        };

    /// <summary>Leaves the group; the owner may leave only as its last member, which deletes the group.</summary>
    public async Task<SocialError?> LeaveAsync(Guid player, Guid id, CancellationToken ct)
    {
        var roles = await store.RolesAsync(id, [player], ct);
        if (!IsMember(roles, player, out var role))
        {
            return await store.GetAsync(id, ct) is null ? NoGroup : SocialErrors.NotFound.WithMessage("You are not a member of this group.");
        }

        if (role == GroupRole.Owner)
        {
            if ((await store.GetAsync(id, ct))?.MemberCount > 1)
            {
                return SocialErrors.Conflict.WithMessage("The owner cannot leave while the group has other members.");
            }

            await store.DeleteGroupAsync(id, ct);
        }
        else if (!await store.RemoveAsync(id, player, role, ct))
        {
            return SocialErrors.Conflict.WithMessage("Your membership changed meanwhile; try again.");
        }

        router.Evict(player, ChatChannel.Room(id).Id);
        return null;
    }

    /// <summary>NEW: a moderator or higher invites a player into a (closed) group; the player is notified and joins with POST join.</summary>
    public async Task<SocialError?> InviteAsync(Guid actor, Guid id, Guid player, CancellationToken ct)
    {
        var roles = await store.RolesAsync(id, [actor, player], ct);
        if (!IsMember(roles, actor, out var role) || !GroupRules.CanInvite(role))
        {
            return await store.GetAsync(id, ct) is null ? NoGroup : SocialErrors.NotPermitted.WithMessage("Only moderators and above can invite.");
        }

        if (roles.ContainsKey(player))
        {
            return SocialErrors.Conflict.WithMessage("This player is already a member or invited.");
        }

        try
        {
            if (!await store.InviteAsync(id, player, ct))
            {
                return SocialErrors.Conflict.WithMessage("The group is full.");
            }
        }
        catch (PostgresException ex) when (ex.SqlState == ForeignKeyViolation)
        {
            return SocialErrors.NotFound.WithMessage("No such player.");
        }

        await notifications.SendAsync(player, "group_invite", "Group invitation", new { group_id = id, invited_by = actor }, ct);
        return null;
    }

    public async Task<SocialError?> KickAsync(Guid actor, Guid id, Guid target, CancellationToken ct)
    {
        var roles = await store.RolesAsync(id, [actor, target], ct);
        if (!IsMember(roles, actor, out var actorRole))
        {
            return await store.GetAsync(id, ct) is null ? NoGroup : SocialErrors.NotPermitted.WithMessage("Only members can remove members.");
        }

        if (!roles.TryGetValue(target, out var t))
        {
            return SocialErrors.NotFound.WithMessage("This player is not in the group.");
        }

        if (!GroupRules.CanKick(actorRole, t.Role))
        {
            return SocialErrors.NotPermitted.WithMessage("Removing a member needs moderator or above and a higher rank than theirs.");
        }

        if (!await store.RemoveAsync(id, target, t.Role, ct))
        {
            return SocialErrors.Conflict.WithMessage("The member's role changed meanwhile; try again.");
        }

        router.Evict(target, ChatChannel.Room(id).Id);
        return null;
    }

    public async Task<SocialError?> SetRoleAsync(Guid actor, Guid id, Guid target, string? roleName, CancellationToken ct)
    {
        if (!GroupRoles.TryParse(roleName, out var newRole))
        {
            return SocialErrors.Validation.WithMessage("role must be member, moderator, admin or owner.");
        }

        var roles = await store.RolesAsync(id, [actor, target], ct);
        if (!IsMember(roles, actor, out var actorRole))
        {
            return await store.GetAsync(id, ct) is null ? NoGroup : SocialErrors.NotPermitted.WithMessage("Only members can change roles.");
        }

        if (!IsMember(roles, target, out var targetRole))
        {
            return SocialErrors.NotFound.WithMessage("This player is not a member of the group.");
        }

        if (!GroupRules.CanSetRole(actorRole, targetRole, newRole))
        {
            return SocialErrors.NotPermitted.WithMessage(
                "Changing a role needs admin or above, a higher rank than the member's, and a new role no higher than yours (never owner).");
        }

        return await store.SetRoleAsync(id, target, targetRole, newRole, ct)
            ? null
            : SocialErrors.Conflict.WithMessage("The member's role changed meanwhile; try again.");
    }

    public async Task<SocialResult<IReadOnlyList<GroupMember>>> MembersAsync(Guid id, int? limit, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is null)
        {
            return NoGroup;
        }

        return new SocialResult<IReadOnlyList<GroupMember>>(await store.MembersAsync(id, Math.Clamp(limit ?? 100, 1, 1000), ct), null);
    }

    private static bool IsMember(Dictionary<Guid, (GroupRole Role, bool Invited)> roles, Guid player, out GroupRole role)
    {
        var found = roles.TryGetValue(player, out var r) && !r.Invited;
        role = r.Role;
        return found;
    }

    private SocialError? Validate(string? name, string? description, int? maxMembers, bool nameRequired)
    {
        var o = options.Value;
        var errors = new List<string>();
        if ((nameRequired || name is not null) && (string.IsNullOrWhiteSpace(name) || name.Trim().Length > o.MaxNameLength))
        {
            errors.Add($"name must be 1–{o.MaxNameLength} characters");
        }

        if (description?.Length > o.MaxDescriptionLength)
        {
            errors.Add($"description is limited to {o.MaxDescriptionLength} characters");
        }

        if (maxMembers is { } max && (max < 1 || max > o.MaxMembersLimit))
        {
            errors.Add($"max_members must be 1–{o.MaxMembersLimit}");
        }

        return errors.Count == 0 ? null : SocialErrors.Validation.WithMessage(string.Join("; ", errors) + ".");
    }
}
