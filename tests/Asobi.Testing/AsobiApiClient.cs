using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Asobi.Testing;

/// <summary>Calls a node's REST API and keeps the JSON answers as <see cref="JsonElement"/>.</summary>
public sealed class AsobiApiClient(HttpClient http)
{
    public const string Password = "correct-horse-battery";

    public const string OperatorKeyHeader = "X-Asobi-Operator-Key";

    public HttpClient Http => http;

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object body, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/" + path) { Content = JsonContent.Create(body) };
        return await SendAsync(request, token);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/" + path);
        return await SendAsync(request, token);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PutAsync(string path, object body, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/" + path) { Content = JsonContent.Create(body) };
        return await SendAsync(request, token);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> DeleteAsync(string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/" + path);
        return await SendAsync(request, token);
    }

    /// <summary>
    /// A request with the operator key (<c>X-Asobi-Operator-Key</c>) when <paramref name="key"/> is given, and a player
    /// token as well when <paramref name="token"/> is.
    /// </summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> OperatorAsync(HttpMethod method, string path, string? key, object? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, "/api/v1/" + path) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add(OperatorKeyHeader, key);
        }

        return await SendAsync(request, token);
    }

    /// <summary>Registers a fresh player with a unique name; returns the token response.</summary>
    public async Task<Player> RegisterAsync(string? username = null)
    {
        username ??= "p" + Guid.NewGuid().ToString("N")[..12];
        var (status, body) = await PostAsync("auth/register", new { username, password = Password });
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"register failed: {(int)status} {body}");
        }

        return new Player(
            body.GetProperty("player_id").GetGuid(), username,
            body.GetProperty("access_token").GetString()!, body.GetProperty("refresh_token").GetString()!);
    }

    private async Task<(HttpStatusCode, JsonElement)> SendAsync(HttpRequestMessage request, string? token)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body);
    }
}

public sealed record Player(Guid Id, string Username, string AccessToken, string RefreshToken);
