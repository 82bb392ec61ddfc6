using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>The answer of <c>GET groups/{id}/members</c>.</summary>
public sealed record GroupMemberList(IReadOnlyList<GroupMember> Members);
