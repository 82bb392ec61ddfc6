using System.Text.Json;

namespace Asobi.Node.Matchmaking;

/// <summary>A ticket as its player sees it.</summary>
public sealed record TicketRecord(
    Guid TicketId, Guid PlayerId, string Mode, string Status, JsonElement Properties, string? PartyId, Guid? MatchId, DateTimeOffset CreatedAt);
