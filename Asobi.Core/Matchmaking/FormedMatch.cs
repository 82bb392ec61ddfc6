namespace Asobi.Matchmaking;

/// <summary>A group a strategy chose: tickets split into teams (one team for free-for-all).</summary>
public sealed record FormedMatch(string Mode, IReadOnlyList<IReadOnlyList<MatchmakingTicket>> Teams)
{
    public IEnumerable<MatchmakingTicket> Tickets => Teams.SelectMany(t => t);
}
