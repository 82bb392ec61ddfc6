using System.Text.Json;
using Asobi.Node.Http;

namespace Asobi.Node.Accounts;

/// <summary><c>GET|PUT /api/v1/players/{id}</c>: anyone signed in reads a profile; only its owner changes it.</summary>
public static class PlayerApi
{
    private const int MaxMetadataBytes = 16 * 1024;

    public static RouteGroupBuilder MapPlayerApi(this RouteGroupBuilder api)
    {
        var players = api.MapGroup("/players").RequireAuthorization();
        players.MapGet("/{id}", GetAsync);
        players.MapPut("/{id}", UpdateAsync);
        return api;
    }

    private static async Task<IResult> GetAsync(string id, PlayerStore store, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var playerId))
        {
            return ApiError.NotFound("No such player.");
        }

        var player = await store.GetAsync(playerId, ct);
        return player is null ? ApiError.NotFound("No such player.") : Results.Json(View(player), ApiJson.Options);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, PlayerStore store, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var playerId))
        {
            return ApiError.NotFound("No such player.");
        }

        if (TokenIdentity.FromPrincipal(http.User)?.PlayerId != playerId)
        {
            return ApiError.Forbidden("Players can only change their own profile.");
        }

        var (body, error) = await JsonBody.ReadAsync<UpdateRequest>(http.Request, ct);
        if (error is not null)
        {
            return error;
        }

        var errors = new Dictionary<string, string>();
        CredentialRules.CheckDisplayName(body!.DisplayName, errors);
        string? metadata = null;
        if (body.Metadata is { } m)
        {
            metadata = m.GetRawText();
            if (m.ValueKind != JsonValueKind.Object || System.Text.Encoding.UTF8.GetByteCount(metadata) > MaxMetadataBytes)
            {
                errors["metadata"] = $"A JSON object of at most {MaxMetadataBytes} bytes.";
            }
        }

        if (errors.Count > 0)
        {
            return ApiError.Validation(errors);
        }

        var player = await store.UpdateAsync(playerId, body.DisplayName?.Trim(), metadata, ct);
        return player is null ? ApiError.NotFound("No such player.") : Results.Json(View(player), ApiJson.Options);
    }

    private static PlayerView View(PlayerRecord p) => new(p.Id, p.Username, p.DisplayName, p.IsGuest, p.Metadata, p.CreatedAt);

    private sealed record UpdateRequest(string? DisplayName, JsonElement? Metadata);

    private sealed record PlayerView(Guid PlayerId, string Username, string DisplayName, bool IsGuest, JsonElement Metadata, DateTimeOffset CreatedAt);
}
