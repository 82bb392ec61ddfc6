namespace Asobi.Node.Social.Friends;

/// <summary>A friendship seen from one player, with the friend's presence when accepted.</summary>
public sealed record FriendEntry(Friendship Friendship, bool Online, string? PresenceStatus, DateTimeOffset? LastSeen);
