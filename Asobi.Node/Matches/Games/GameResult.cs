namespace Asobi.Node.Matches.Games;

/// <summary>
/// How a game ended: the result pushed in <c>match.finished</c> and recorded, and who won: one <paramref name="Winner"/>,
/// or several <paramref name="Winners"/> (a team); both count as wins in the players' stats.
/// </summary>
public sealed record GameResult(object Result, Guid? Winner = null, IReadOnlyList<Guid>? Winners = null)
{
    public IReadOnlyList<Guid> AllWinners => Winners ?? (Winner is { } w ? [w] : []);
}
