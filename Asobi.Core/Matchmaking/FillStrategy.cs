namespace Asobi.Matchmaking;

/// <summary>First come, first served: the oldest ticket opens a match and the next ones that fit fill it.</summary>
public sealed class FillStrategy : IMatchmakingStrategy
{
    public string Name => "fill";

    public IReadOnlyList<FormedMatch> Form(string mode, GameMode definition, IReadOnlyList<MatchmakingTicket> tickets, DateTimeOffset now)
    {
        var units = PartyUnit.Group(tickets);
        var used = new HashSet<PartyUnit>();
        var matches = new List<FormedMatch>();
        for (var i = 0; i < units.Count; i++)
        {
            if (used.Contains(units[i]))
            {
                continue;
            }

            // Only look ahead from the oldest unused unit, so the head of the queue is never starved.
            var teams = TeamBuilder.TryFill(definition, units.Skip(i), used);
            if (teams is null)
            {
                break;
            }

            matches.Add(new FormedMatch(mode, teams));
        }

        return matches;
    }
}
