namespace Asobi.Node.Social.Groups;

public sealed record Group(Guid Id, string Name, string Description, bool Open, int MaxMembers, Guid CreatedBy, DateTimeOffset CreatedAt, int MemberCount);

public sealed record GroupMember(Guid PlayerId, GroupRole Role, DateTimeOffset JoinedAt);

public enum JoinOutcome
{
    NoSuchGroup,
    Joined,
    AlreadyMember,
    Closed,
    Full,
}
