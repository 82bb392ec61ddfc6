using System;
using System.Text.Json;

namespace Asobi.Client;

/// <summary>A match as recorded; <c>Status</c> is <c>placing</c>, <c>running</c>, <c>finished</c>, <c>aborted</c> or <c>failed</c>.</summary>
public sealed record MatchRecord(Guid MatchId, string Mode, string? NodeId, string Status, JsonElement Players, int MaxPlayers, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, JsonElement Result);
