namespace Asobi.Node.Matches.Games;

/// <summary>How a game ended: the result pushed in <c>match.finished</c> and recorded, and the winner if there is one.</summary>
public sealed record GameResult(object Result, Guid? Winner = null);
