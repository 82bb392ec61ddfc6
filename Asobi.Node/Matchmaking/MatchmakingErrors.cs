using Asobi.Node.Realtime;

namespace Asobi.Node.Matchmaking;

/// <summary>Errors of the matchmaker namespace (socket codes; REST uses the same codes).</summary>
public static class MatchmakingErrors
{
    public static readonly WsError UnknownMode = new("matchmaker.unknown_mode", "unknown_mode", "No such game mode; GET /api/v1/modes lists them.");
    public static readonly WsError QueueFull = new("matchmaker.queue_full", "queue_full", "This mode's queue is full; try again shortly.");
    public static readonly WsError InvalidProperties = new("matchmaker.invalid_properties", "invalid_properties",
        "properties must be an object of at most 32 numbers or strings (strings up to 256 characters).");
    public static readonly WsError InvalidParty = new("matchmaker.invalid_party", "invalid_party", "party_id must be a string of 1 to 64 characters.");
    public static readonly WsError TicketNotFound = new("matchmaker.ticket_not_found", "ticket_not_found", "No such pending ticket of yours.");
}
