namespace Asobi.Matchmaking;

/// <summary>A host confirms it runs the match; every node tells its local players (<c>match.matched</c>, <c>match.migrate</c>).</summary>
public sealed record MatchAnnouncement(
    Guid MatchId, string Mode, string NodeId, string Url, IReadOnlyList<Guid> Players, IReadOnlyList<IReadOnlyList<Guid>> Teams);
