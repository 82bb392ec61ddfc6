using System;
using System.Text.Json;

namespace Asobi.Client;

/// <summary>A player's public profile.</summary>
public sealed record PlayerProfile(Guid PlayerId, string Username, string DisplayName, bool IsGuest, JsonElement Metadata, DateTimeOffset CreatedAt);
