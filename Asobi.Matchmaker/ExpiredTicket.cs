namespace Asobi.Matchmaker;

public sealed record ExpiredTicket(Guid TicketId, Guid PlayerId);
