using System.Text.Json;

namespace Asobi.Matchmaking;

/// <summary>A pending place in a mode's queue.</summary>
public sealed record MatchmakingTicket(
    Guid TicketId, Guid PlayerId, string Mode, JsonElement Properties, string? PartyId, string? NodeId, DateTimeOffset CreatedAt)
{
    /// <summary>A numeric property (e.g. <c>skill</c>), or <paramref name="fallback"/> when absent or not a number.</summary>
    public double Number(string name, double fallback) =>
        Properties.ValueKind == JsonValueKind.Object && Properties.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble()
            : fallback;

    /// <summary>A string property (e.g. <c>region</c>), or null.</summary>
    public string? Text(string name) =>
        Properties.ValueKind == JsonValueKind.Object && Properties.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
