using Asobi.Matchmaking;

namespace Asobi.UnitTests.Matchmaking;

public sealed class FillStrategyTests
{
    private static readonly GameMode Duel = new() { MatchSize = 2, Teams = 1 };
    private static readonly GameMode TwoVersusTwo = new() { MatchSize = 4, Teams = 2 };

    [Fact]
    public void Tickets_are_matched_first_come_first_served_and_the_remainder_waits()
    {
        var t = new Tickets();
        var a = t.Add();
        var b = t.Add();
        var c = t.Add();
        var d = t.Add();
        var e = t.Add();

        var matches = new FillStrategy().Form("m", Duel, t.All, Tickets.Start);

        Assert.Equal(2, matches.Count);
        Assert.Equal([a, b], matches[0].Tickets);
        Assert.Equal([c, d], matches[1].Tickets);
        Assert.DoesNotContain(matches.SelectMany(m => m.Tickets), x => x == e);
    }

    [Fact]
    public void Too_few_tickets_form_no_match()
    {
        var t = new Tickets();
        t.Add();
        Assert.Empty(new FillStrategy().Form("m", Duel, t.All, Tickets.Start));
    }

    [Fact]
    public void A_party_lands_in_the_same_match_and_team()
    {
        var t = new Tickets();
        var solo1 = t.Add();
        var p1 = t.Add(party: "p");
        var solo2 = t.Add();
        var p2 = t.Add(party: "p");

        var match = Assert.Single(new FillStrategy().Form("m", TwoVersusTwo, t.All, Tickets.Start));

        var partyTeam = Assert.Single(match.Teams, team => team.Contains(p1));
        Assert.Contains(p2, partyTeam);
        var other = Assert.Single(match.Teams, team => !team.Contains(p1));
        Assert.Equal([solo1, solo2], other);
    }

    [Fact]
    public void A_party_too_big_for_a_team_is_never_matched()
    {
        var t = new Tickets();
        t.Add(party: "big");
        t.Add(party: "big");
        t.Add(party: "big");
        t.Add();
        Assert.Empty(new FillStrategy().Form("m", TwoVersusTwo, t.All, Tickets.Start));
    }

    [Fact]
    public void The_same_tickets_and_clock_form_the_same_matches()
    {
        var t = new Tickets();
        for (var i = 0; i < 9; i++)
        {
            t.Add(party: i % 3 == 0 ? "p" + (i / 6) : null);
        }

        var first = new FillStrategy().Form("m", TwoVersusTwo, t.All, Tickets.Start);
        var second = new FillStrategy().Form("m", TwoVersusTwo, t.All, Tickets.Start);
        Assert.Equal(first.Select(m => m.Tickets.Select(x => x.TicketId).ToList()), second.Select(m => m.Tickets.Select(x => x.TicketId).ToList()));
    }

    [Fact]
    public void No_ticket_is_used_twice()
    {
        var t = new Tickets();
        for (var i = 0; i < 101; i++)
        {
            t.Add(party: i % 5 == 0 ? "p" + (i / 10) : null);
        }

        var used = new FillStrategy().Form("m", TwoVersusTwo, t.All, Tickets.Start).SelectMany(m => m.Tickets).ToList();
        Assert.Equal(used.Count, used.Distinct().Count());
    }
}
