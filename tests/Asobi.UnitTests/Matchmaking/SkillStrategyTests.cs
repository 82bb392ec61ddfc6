using Asobi.Matchmaking;

namespace Asobi.UnitTests.Matchmaking;

public sealed class SkillStrategyTests
{
    private static readonly GameMode Duel = new()
    {
        MatchSize = 2, Strategy = "skill", SkillWindow = 200, SkillWindowGrowth = 50, SkillWindowStep = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public void The_window_widens_by_the_growth_for_every_step_waited()
    {
        Assert.Equal(200, SkillStrategy.Window(Duel, TimeSpan.FromSeconds(4)));
        Assert.Equal(250, SkillStrategy.Window(Duel, TimeSpan.FromSeconds(5)));
        Assert.Equal(300, SkillStrategy.Window(Duel, TimeSpan.FromSeconds(12)));
    }

    [Fact]
    public void Players_of_close_skill_are_matched_together_rather_than_in_queue_order()
    {
        var t = new Tickets();
        var low1 = t.Add(1000);
        var high1 = t.Add(2000);
        var low2 = t.Add(1050);
        var high2 = t.Add(2100);

        var matches = new SkillStrategy().Form("m", Duel, t.All, Tickets.Start);

        Assert.Equal(2, matches.Count);
        Assert.Contains(matches, m => m.Tickets.ToHashSet().SetEquals([low1, low2]));
        Assert.Contains(matches, m => m.Tickets.ToHashSet().SetEquals([high1, high2]));
    }

    [Fact]
    public void Players_too_far_apart_wait_until_the_window_has_grown_enough()
    {
        var t = new Tickets();
        t.Add(1000);
        t.Add(1400);

        Assert.Empty(new SkillStrategy().Form("m", Duel, t.All, Tickets.Start.AddSeconds(10)));      // window 300
        Assert.Single(new SkillStrategy().Form("m", Duel, t.All, Tickets.Start.AddSeconds(20)));     // window 400
    }

    [Fact]
    public void A_ticket_without_skill_plays_at_the_default_skill()
    {
        var t = new Tickets();
        t.Add();
        t.Add(SkillStrategy.DefaultSkill + 100);
        Assert.Single(new SkillStrategy().Form("m", Duel, t.All, Tickets.Start));
    }
}
