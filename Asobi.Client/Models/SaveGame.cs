using System;
using System.Text.Json;

namespace Asobi.Client;

/// <summary>A save slot with its data.</summary>
public sealed record SaveGame(string Slot, JsonElement Data, long Version, DateTimeOffset UpdatedAt);
