namespace Asobi.Matchmaker;

/// <summary>A recorded match still waiting for its host to confirm.</summary>
public sealed record PlacingMatch(Guid MatchId, string Mode, string NodeId, IReadOnlyList<IReadOnlyList<Guid>> Teams, int Attempts);
