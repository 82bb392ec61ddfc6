namespace Asobi.Matchmaking;

/// <summary>
/// Turns a mode's pending tickets into matches. Must be deterministic given the same tickets (in queue order) and
/// clock, and must not use a ticket twice. Tickets it leaves out stay queued for the next tick.
/// </summary>
public interface IMatchmakingStrategy
{
    string Name { get; }

    IReadOnlyList<FormedMatch> Form(string mode, GameMode definition, IReadOnlyList<MatchmakingTicket> tickets, DateTimeOffset now);
}
