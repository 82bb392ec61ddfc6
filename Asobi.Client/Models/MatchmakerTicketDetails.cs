using System;
using System.Text.Json;

namespace Asobi.Client;

/// <summary>A ticket read back; <c>Status</c> is <c>pending</c>, <c>matched</c>, <c>removed</c>, <c>expired</c> or <c>failed</c>.</summary>
public sealed record MatchmakerTicketDetails(Guid TicketId, Guid PlayerId, string Mode, string Status, JsonElement Properties, string? PartyId, Guid? MatchId, DateTimeOffset CreatedAt);
