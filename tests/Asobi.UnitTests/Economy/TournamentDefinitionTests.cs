using Asobi.Node.Leaderboards;
using Asobi.Node.Tournaments;

namespace Asobi.UnitTests.Economy;

public sealed class TournamentDefinitionTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    // Daily at 18:00 for two hours.
    private static TournamentDefinition Daily() =>
        new("daily", new TournamentConfig { Recurrence = "0 18 * * *", Duration = TimeSpan.FromHours(2) });

    [Fact]
    public void A_recurring_tournament_is_active_during_a_run_and_upcoming_between_runs()
    {
        var t = Daily();
        Assert.Equal((Monday.AddHours(18), Monday.AddHours(20)), t.RunAt(Monday.AddHours(19)));
        Assert.Equal("active", t.StatusAt(Monday.AddHours(19)));
        Assert.Equal((Monday.AddHours(18), Monday.AddHours(20)), t.RunAt(Monday.AddHours(10)));
        Assert.Equal("upcoming", t.StatusAt(Monday.AddHours(10)));
        Assert.Equal((Monday.AddHours(42), Monday.AddHours(44)), t.RunAt(Monday.AddHours(20)));
        Assert.Equal(Monday.AddHours(20), t.PeriodEndAt(Monday.AddHours(19.5)));
    }

    [Fact]
    public void Finished_runs_within_the_lookback_are_listed_oldest_first()
    {
        var t = Daily();
        var runs = t.FinishedRuns(Monday.AddDays(-2), Monday.AddHours(21)).ToList();
        Assert.Equal([Monday.AddDays(-2).AddHours(20), Monday.AddDays(-1).AddHours(20), Monday.AddHours(20)], runs);
        Assert.Single(t.FinishedRuns(Monday.AddDays(-2), Monday.AddHours(21), max: 1));
    }

    [Fact]
    public void A_one_off_tournament_finishes_once_and_its_scores_period_is_its_end()
    {
        var t = new TournamentDefinition("cup", new TournamentConfig { Start = Monday, End = Monday.AddDays(1) });
        Assert.Equal("upcoming", t.StatusAt(Monday.AddHours(-1)));
        Assert.Equal(Monday.AddDays(1), t.PeriodEndAt(Monday.AddHours(5)));
        Assert.Empty(t.FinishedRuns(Monday, Monday.AddHours(23)));
        Assert.Equal([Monday.AddDays(1)], t.FinishedRuns(Monday, Monday.AddDays(2)));
        Assert.Equal("finished", t.StatusAt(Monday.AddDays(1)));
        Assert.Equal(LeaderboardDefinition.Forever, t.PeriodEndAt(Monday.AddDays(2)));
        Assert.Equal("tournament:cup", t.Board.Id);
    }

    [Fact]
    public void Bad_configuration_is_refused_with_the_reason()
    {
        Assert.Throws<InvalidOperationException>(() => new TournamentDefinition("x", new TournamentConfig()));
        Assert.Throws<InvalidOperationException>(() => new TournamentDefinition("x", new TournamentConfig { Recurrence = "0 18 * * *" }));
        Assert.Throws<InvalidOperationException>(() => new TournamentDefinition("x", new TournamentConfig { Start = Monday, End = Monday, }));
        Assert.Throws<InvalidOperationException>(() => new TournamentDefinition("x", new TournamentConfig
        {
            Start = Monday,
            End = Monday.AddDays(1),
            EntryFee = 5,
        }));
        Assert.Throws<InvalidOperationException>(() => new TournamentDefinition("x", new TournamentConfig
        {
            Start = Monday,
            End = Monday.AddDays(1),
            Rewards = { new RewardConfig { FromRank = 0, Currency = "gold", Amount = 1 } },
        }));
    }
}
