using System;

namespace Asobi.Client;

/// <summary>A group (guild, clan); the creator is its owner.</summary>
public sealed record Group(Guid GroupId, string Name, string Description, bool Open, int MaxMembers, int MemberCount, Guid CreatedBy, DateTimeOffset CreatedAt);
