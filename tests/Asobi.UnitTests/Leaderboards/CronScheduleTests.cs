using Asobi.Node.Leaderboards;

namespace Asobi.UnitTests.Leaderboards;

public sealed class CronScheduleTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("0 0 * * 1", "2026-11-25T03:00:00Z", "2026-11-30T00:00:00Z")] // weekly, Monday midnight
    [InlineData("0 0 1 * *", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z")] // monthly, across a year
    [InlineData("*/15 * * * *", "2026-11-25T03:14:59Z", "2026-11-25T03:15:00Z")]
    [InlineData("*/15 * * * *", "2026-11-25T03:15:00Z", "2026-11-25T03:30:00Z")] // strictly after
    [InlineData("*/2 * * * * *", "2026-11-25T03:15:01.500Z", "2026-11-25T03:15:02Z")] // six fields: seconds
    [InlineData("0 12 * * 0", "2026-11-25T00:00:00Z", "2026-11-29T12:00:00Z")] // Sunday as 0
    [InlineData("0 12 * * 7", "2026-11-25T00:00:00Z", "2026-11-29T12:00:00Z")] // and as 7
    [InlineData("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z")] // leap day
    [InlineData("30 8-10/2 * * *", "2026-11-25T08:30:00Z", "2026-11-25T10:30:00Z")]
    [InlineData("0 0 13 * 5", "2026-11-25T00:00:00Z", "2026-11-27T00:00:00Z")] // day-of-month OR day-of-week
    public void Next_finds_the_first_matching_instant_after(string cron, string after, string expected) =>
        Assert.Equal(At(expected), CronSchedule.Parse(cron).Next(At(after)));

    [Theory]
    [InlineData("* * * *")]
    [InlineData("60 * * * *")]
    [InlineData("* * * * 8")]
    [InlineData("*/0 * * * *")]
    [InlineData("a * * * *")]
    [InlineData("5-2 * * * *")]
    public void Malformed_expressions_are_rejected_with_the_reason(string cron) =>
        Assert.Throws<FormatException>(() => CronSchedule.Parse(cron));

    [Fact]
    public void An_expression_that_never_matches_fails_instead_of_looping() =>
        Assert.Throws<InvalidOperationException>(() => CronSchedule.Parse("0 0 31 2 *").Next(At("2026-01-01T00:00:00Z")));
}
