namespace Asobi.Matchmaking;

/// <summary>Tickets that must land in the same match and team: one solo player or the queued members of a party.</summary>
public sealed record PartyUnit(IReadOnlyList<MatchmakingTicket> Tickets)
{
    public int Size => Tickets.Count;

    /// <summary>When the unit's earliest member queued.</summary>
    public DateTimeOffset QueuedAt => Tickets[0].CreatedAt;

    /// <summary>Groups tickets (in queue order) into units, keeping the order of each unit's first ticket.</summary>
    public static List<PartyUnit> Group(IReadOnlyList<MatchmakingTicket> tickets)
    {
        var units = new List<List<MatchmakingTicket>>();
        var parties = new Dictionary<string, List<MatchmakingTicket>>(StringComparer.Ordinal);
        foreach (var ticket in tickets)
        {
            if (ticket.PartyId is { Length: > 0 } party)
            {
                if (!parties.TryGetValue(party, out var members))
                {
                    members = [];
                    parties[party] = members;
                    units.Add(members);
                }

                members.Add(ticket);
            }
            else
            {
                units.Add([ticket]);
            }
        }

        return [.. units.Select(u => new PartyUnit(u))];
    }
}
