using System.Text.Json;

namespace Asobi.Node.Accounts;

public sealed record PlayerRecord(
    Guid Id, string Username, string DisplayName, string? PasswordHash, bool IsGuest, JsonElement Metadata, DateTimeOffset CreatedAt);
