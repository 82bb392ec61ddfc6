using Asobi.Matchmaking;

namespace Asobi.Node.Matchmaking;

/// <summary>A live match <paramref name="PlayerId"/> was placed in while no socket of theirs was open anywhere.</summary>
public sealed record UntoldMatch(Guid PlayerId, MatchAnnouncement Match);
