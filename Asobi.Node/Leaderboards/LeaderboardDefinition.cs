namespace Asobi.Node.Leaderboards;

/// <summary>A board as configured: sort order, how a submitted score combines with the stored one, who may submit, when it resets.</summary>
public sealed record LeaderboardDefinition(string Id, bool Descending, ScoreOperator Operator, bool ClientSubmit, IPeriodSchedule? Reset = null)
{
    /// <summary>The period end of boards that never reset.</summary>
    public static readonly DateTimeOffset Forever = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The period a score submitted at <paramref name="now"/> belongs to, named by its end (the next reset). Every node
    /// computes the same value from the same schedule, so no coordination is needed for a reset.
    /// </summary>
    public DateTimeOffset PeriodEndAt(DateTimeOffset now) => Reset?.PeriodEndAt(now) ?? Forever;
}
