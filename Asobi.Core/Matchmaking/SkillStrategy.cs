namespace Asobi.Matchmaking;

/// <summary>
/// Players of similar skill (<c>properties.skill</c>, default 1000) together. Tickets are sorted by skill; a match
/// forms from neighbours whose spread fits the window, which widens with the oldest member's wait
/// (<see cref="GameMode.SkillWindow"/> + <see cref="GameMode.SkillWindowGrowth"/> per <see cref="GameMode.SkillWindowStep"/>).
/// </summary>
public sealed class SkillStrategy : IMatchmakingStrategy
{
    public const double DefaultSkill = 1000;

    public string Name => "skill";

    public static double Window(GameMode mode, TimeSpan waited)
    {
        var steps = mode.SkillWindowStep > TimeSpan.Zero ? Math.Floor(waited / mode.SkillWindowStep) : 0;
        return mode.SkillWindow + (mode.SkillWindowGrowth * Math.Max(0, steps));
    }

    public IReadOnlyList<FormedMatch> Form(string mode, GameMode definition, IReadOnlyList<MatchmakingTicket> tickets, DateTimeOffset now)
    {
        // A party plays at its members' mean skill.
        var units = PartyUnit.Group(tickets)
            .Select(u => (Unit: u, Skill: u.Tickets.Average(t => t.Number("skill", DefaultSkill))))
            .OrderBy(u => u.Skill).ThenBy(u => u.Unit.QueuedAt).ThenBy(u => u.Unit.Tickets[0].TicketId)
            .ToList();
        var used = new HashSet<PartyUnit>();
        var matches = new List<FormedMatch>();
        for (var i = 0; i < units.Count; i++)
        {
            if (used.Contains(units[i].Unit))
            {
                continue;
            }

            var low = units[i].Skill;
            var window = Window(definition, now - units[i].Unit.QueuedAt);
            var candidates = units.Skip(i).TakeWhile(u => u.Skill - low <= window).Select(u => u.Unit).ToList();
            var teams = TeamBuilder.TryFill(definition, candidates, used);
            if (teams is null)
            {
                continue;
            }

            matches.Add(new FormedMatch(mode, teams));
        }

        return matches;
    }
}
