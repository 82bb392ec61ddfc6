using System;

namespace Asobi.Client;

/// <summary>One friendship row as the caller sees it; <c>Presence</c> is set for accepted friends only.</summary>
public sealed record Friendship(Guid FriendId, string Status, string Direction, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, FriendPresence? Presence);
