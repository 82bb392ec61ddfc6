using Asobi.Node.Realtime;

namespace Asobi.Node.Matchmaking;

/// <summary>The <c>matchmaker.queued</c> payload, or why the ticket was refused.</summary>
public sealed record QueueResult(Queued? Queued, WsError? Error);

public sealed record Queued(Guid TicketId, string Status, int PlayersNeeded, bool AlreadyQueued);
