namespace Asobi.Node.Social.Friends;

/// <summary>A friendship row: <paramref name="PlayerId"/> asked <paramref name="FriendId"/>.</summary>
public sealed record Friendship(Guid PlayerId, Guid FriendId, string Status, Guid? BlockedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Blocked = "blocked";

    public Guid Other(Guid me) => me == PlayerId ? FriendId : PlayerId;
}
