namespace Asobi.Node.Matches;

/// <summary>How a match server stopped: <c>finished</c> with a game result (and its winners), or ended by a timeout or emptiness.</summary>
public sealed record MatchEnd(string Status, object Result, IReadOnlyList<Guid> Winners, IReadOnlyList<Guid> Players, IReadOnlyList<Guid> Present);
