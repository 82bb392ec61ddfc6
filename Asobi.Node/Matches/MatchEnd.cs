namespace Asobi.Node.Matches;

/// <summary>How a match server stopped: <c>finished</c> with a game result, or ended by a timeout or emptiness.</summary>
public sealed record MatchEnd(string Status, object Result, Guid? Winner, IReadOnlyList<Guid> Players, IReadOnlyList<Guid> Present);
