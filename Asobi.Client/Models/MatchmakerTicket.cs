using System;

namespace Asobi.Client;

/// <summary>A queued matchmaker ticket (<c>matchmaker.queued</c> or <c>POST matchmaker</c>).</summary>
public sealed record MatchmakerTicket(Guid TicketId, string Status, int PlayersNeeded, bool AlreadyQueued);
