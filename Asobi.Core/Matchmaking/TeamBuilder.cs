namespace Asobi.Matchmaking;

/// <summary>Packs party units into one match: first fit in the given order, every unit whole inside one team.</summary>
public static class TeamBuilder
{
    /// <summary>
    /// Tries to fill a match from <paramref name="candidates"/> (in priority order), skipping units already in
    /// <paramref name="used"/>. Returns the teams, or null when the candidates cannot fill it.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<MatchmakingTicket>>? TryFill(GameMode mode, IEnumerable<PartyUnit> candidates, ISet<PartyUnit> used)
    {
        var teamCount = Math.Max(1, mode.Teams);
        var teamSize = mode.Teams <= 1 ? mode.MatchSize : mode.TeamSize;
        var teams = Enumerable.Range(0, teamCount).Select(_ => new List<MatchmakingTicket>()).ToArray();
        var picked = new List<PartyUnit>();
        var total = 0;
        foreach (var unit in candidates)
        {
            if (used.Contains(unit) || unit.Size > teamSize)
            {
                continue;
            }

            // The team with the most room that still fits the whole unit; ties go to the lower index (deterministic).
            var best = -1;
            for (var i = 0; i < teams.Length; i++)
            {
                if (teams[i].Count + unit.Size <= teamSize && (best < 0 || teams[i].Count < teams[best].Count))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                continue;
            }

            teams[best].AddRange(unit.Tickets);
            picked.Add(unit);
            total += unit.Size;
            if (total == mode.MatchSize)
            {
                foreach (var p in picked)
                {
                    used.Add(p);
                }

                return teams;
            }
        }

        return null;
    }
}
