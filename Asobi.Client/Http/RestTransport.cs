using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Asobi.Client.Http;

/// <summary>
/// Sends JSON requests to <c>/api/v1</c>, turns error bodies into <see cref="AsobiApiException"/>, and on a 401 to an
/// authenticated call refreshes the session once and retries (access tokens expire hourly; games run longer).
/// </summary>
internal sealed class RestTransport
{
    private readonly HttpClient http;
    private readonly Uri apiBase;
    private readonly SessionKeeper sessions;

    public RestTransport(HttpClient http, Uri serverUrl, SessionKeeper sessions)
    {
        this.http = http;
        var text = serverUrl.ToString().TrimEnd('/');
        apiBase = new Uri(text + "/api/v1/");
        this.sessions = sessions;
    }

    public Uri ApiBase => apiBase;

    /// <summary>A call that needs the player's token; the answer read as <typeparamref name="T"/>.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct, IReadOnlyDictionary<string, string>? headers = null)
    {
        var json = await SendAuthorizedAsync(method, path, body, headers, ct).ConfigureAwait(false);
        return AsobiJson.Read<T>(json);
    }

    /// <summary>A call that needs the player's token and whose answer the caller does not need (204s, <c>{success}</c>).</summary>
    public Task SendAsync(HttpMethod method, string path, object? body, CancellationToken ct) =>
        SendAuthorizedAsync(method, path, body, null, ct);

    /// <summary>A call without a token (sign-in routes, <c>GET modes</c>).</summary>
    public async Task<T> SendAnonymousAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var json = await SendOnceAsync(method, path, body, null, null, ct).ConfigureAwait(false);
        return AsobiJson.Read<T>(json);
    }

    private async Task<JsonElement> SendAuthorizedAsync(HttpMethod method, string path, object? body, IReadOnlyDictionary<string, string>? headers, CancellationToken ct)
    {
        var session = sessions.Current ?? throw new InvalidOperationException("Not signed in: register, log in or set a session first.");
        try
        {
            return await SendOnceAsync(method, path, body, session.AccessToken, headers, ct).ConfigureAwait(false);
        }
        catch (AsobiApiException e) when (e.Status == HttpStatusCode.Unauthorized && e.Code == "unauthenticated")
        {
            // Expired (or otherwise refused) access token: one refresh, one retry. A second 401 is the caller's.
            var refreshed = await sessions.RefreshAsync(session, ct).ConfigureAwait(false);
            return await SendOnceAsync(method, path, body, refreshed.AccessToken, headers, ct).ConfigureAwait(false);
        }
    }

    internal async Task<JsonElement> SendOnceAsync(
        HttpMethod method, string path, object? body, string? token, IReadOnlyDictionary<string, string>? headers, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(apiBase, path));
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, AsobiJson.Options), Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (headers is not null)
        {
            foreach (var pair in headers)
            {
                request.Headers.TryAddWithoutValidation(pair.Key, pair.Value);
            }
        }

        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        #if NETSTANDARD2_1
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
#else
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
#endif
        if (!response.IsSuccessStatusCode)
        {
            throw ToException(response, text);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private static AsobiApiException ToException(HttpResponseMessage response, string text)
    {
        var retryAfter = response.Headers.RetryAfter?.Delta;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "unknown";
                var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
                var details = error.TryGetProperty("details", out var d) ? d.Clone() : default;
                return new AsobiApiException(response.StatusCode, code, message, details, retryAfter);
            }
        }
        catch (JsonException)
        {
            // Not an Asobi error body (a proxy's page, say): fall through to a generic code.
        }

        return new AsobiApiException(response.StatusCode, "http_" + (int)response.StatusCode, response.ReasonPhrase ?? "", default, retryAfter);
    }
}
