using System;
using System.Text.Json;

namespace Asobi.Client;

/// <summary>A tournament run; <c>Status</c> is <c>upcoming</c>, <c>active</c> or <c>finished</c>.</summary>
public sealed record Tournament(string TournamentId, string Title, string Status, DateTimeOffset StartAt, DateTimeOffset EndAt, int MaxEntries, JsonElement EntryFee, JsonElement Rewards);
