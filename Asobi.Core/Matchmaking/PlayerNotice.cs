using System.Text.Json;

namespace Asobi.Matchmaking;

/// <summary>A push frame <paramref name="Type"/> with <paramref name="Payload"/> for whichever node holds each player's sockets.</summary>
public sealed record PlayerNotice(IReadOnlyList<Guid> Players, string Type, JsonElement Payload);
