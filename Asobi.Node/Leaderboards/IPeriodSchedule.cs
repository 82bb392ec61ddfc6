namespace Asobi.Node.Leaderboards;

/// <summary>Splits a board's time into periods named by their end; the reset worker starts each new one.</summary>
public interface IPeriodSchedule
{
    /// <summary>The end of the period a score submitted at <paramref name="now"/> belongs to; always after <paramref name="now"/>.</summary>
    DateTimeOffset PeriodEndAt(DateTimeOffset now);
}
