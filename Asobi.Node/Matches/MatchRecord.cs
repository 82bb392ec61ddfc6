using System.Text.Json;

namespace Asobi.Node.Matches;

/// <summary>A row of <c>match_records</c>.</summary>
public sealed record MatchRecord(
    Guid MatchId, string Mode, string NodeId, string Status, IReadOnlyList<Guid> Players, int MaxPlayers,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, JsonElement? Result);
