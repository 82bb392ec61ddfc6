using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Sign-in routes (<c>auth/*</c>). Every successful sign-in becomes the client's current session.</summary>
public sealed class AccountsApi
{
    private readonly RestTransport rest;
    private readonly SessionKeeper sessions;

    internal AccountsApi(RestTransport rest, SessionKeeper sessions)
    {
        this.rest = rest;
        this.sessions = sessions;
    }

    public Task<AsobiSession> RegisterAsync(string username, string password, string? displayName = null, CancellationToken ct = default) =>
        SignInAsync("auth/register", new { username, password, display_name = displayName }, ct);

    public Task<AsobiSession> LoginAsync(string username, string password, CancellationToken ct = default) =>
        SignInAsync("auth/login", new { username, password }, ct);

    /// <summary>Creates a guest account for the device, or resumes it (the secret must match).</summary>
    public Task<AsobiSession> GuestAsync(string deviceId, string deviceSecret, CancellationToken ct = default) =>
        SignInAsync("auth/guest", new { device_id = deviceId, device_secret = deviceSecret }, ct);

    /// <summary>Exchanges the current refresh token for a new pair (the client also does this on its own after a 401).</summary>
    public Task<AsobiSession> RefreshAsync(CancellationToken ct = default)
    {
        var session = sessions.Current ?? throw new System.InvalidOperationException("Not signed in.");
        return sessions.RefreshAsync(session, ct);
    }

    /// <summary>Ends the session on the server (its sockets on every node close with <c>session_revoked</c>) and forgets it.</summary>
    public async Task LogoutAsync(CancellationToken ct = default)
    {
        var session = sessions.Current ?? throw new System.InvalidOperationException("Not signed in.");
        await rest.SendAsync(HttpMethod.Post, "auth/logout", new { }, ct).ConfigureAwait(false);
        if (ReferenceEquals(sessions.Current, session) || sessions.Current?.RefreshToken == session.RefreshToken)
        {
            sessions.Set(null);
        }
    }

    internal async Task<AsobiSession> ExchangeAsync(string refreshToken, CancellationToken ct)
    {
        var tokens = await rest.SendAnonymousAsync<TokenResponse>(HttpMethod.Post, "auth/refresh", new { refresh_token = refreshToken }, ct).ConfigureAwait(false);
        return tokens.ToSession();
    }

    private async Task<AsobiSession> SignInAsync(string path, object body, CancellationToken ct)
    {
        var tokens = await rest.SendAnonymousAsync<TokenResponse>(HttpMethod.Post, path, body, ct).ConfigureAwait(false);
        var session = tokens.ToSession();
        sessions.Set(session);
        return session;
    }
}
