using System;

namespace Asobi.Client;

/// <summary>A member of a group and their role (<c>owner</c>, <c>admin</c>, <c>moderator</c>, <c>member</c>).</summary>
public sealed record GroupMember(Guid PlayerId, string Role, DateTimeOffset JoinedAt);
