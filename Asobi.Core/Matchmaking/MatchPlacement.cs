namespace Asobi.Matchmaking;

/// <summary>The leader asks <paramref name="NodeId"/> to host a match whose record it has written (status <c>placing</c>).</summary>
public sealed record MatchPlacement(Guid MatchId, string Mode, string NodeId, IReadOnlyList<IReadOnlyList<Guid>> Teams, int Attempt);
