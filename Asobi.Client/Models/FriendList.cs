using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>The answer of <c>GET friends</c>.</summary>
public sealed record FriendList(IReadOnlyList<Friendship> Friends);
