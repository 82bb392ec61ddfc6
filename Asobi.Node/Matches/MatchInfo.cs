namespace Asobi.Node.Matches;

/// <summary>A match as clients see it in <c>match.joined</c> and <c>match.list</c>.</summary>
public sealed record MatchInfo(Guid MatchId, string Mode, string Status, int PlayerCount, int MaxPlayers, IReadOnlyList<Guid> Players, string NodeId);
