using Asobi.Node.Social.Groups;
using static Asobi.Node.Social.Groups.GroupRole;

namespace Asobi.UnitTests.Social;

public sealed class GroupRulesTests
{
    [Theory]
    [InlineData(Owner, Admin, true)]
    [InlineData(Admin, Moderator, true)]
    [InlineData(Moderator, Member, true)]
    [InlineData(Moderator, Moderator, false)]
    [InlineData(Admin, Owner, false)]
    [InlineData(Member, Member, false)]
    public void Kicking_needs_moderator_and_a_higher_rank_than_the_target(GroupRole actor, GroupRole target, bool allowed) =>
        Assert.Equal(allowed, GroupRules.CanKick(actor, target));

    [Theory]
    [InlineData(Owner, Member, Admin, true)]
    [InlineData(Owner, Admin, Member, true)]
    [InlineData(Admin, Member, Moderator, true)]
    [InlineData(Admin, Member, Admin, true)]
    [InlineData(Owner, Member, Owner, false)]
    [InlineData(Admin, Admin, Member, false)]
    [InlineData(Moderator, Member, Moderator, false)]
    [InlineData(Admin, Owner, Member, false)]
    public void Changing_a_role_needs_admin_a_higher_rank_and_never_grants_owner(GroupRole actor, GroupRole target, GroupRole to, bool allowed) =>
        Assert.Equal(allowed, GroupRules.CanSetRole(actor, target, to));

    [Fact]
    public void Editing_needs_admin_and_inviting_needs_moderator()
    {
        Assert.True(GroupRules.CanEdit(Admin));
        Assert.False(GroupRules.CanEdit(Moderator));
        Assert.True(GroupRules.CanInvite(Moderator));
        Assert.False(GroupRules.CanInvite(Member));
    }
}
