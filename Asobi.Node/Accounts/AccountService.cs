using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Accounts;

/// <summary>Registration, login, guest accounts, refresh rotation and logout; shared by REST and anything else.</summary>
public sealed partial class AccountService(
    PlayerStore players,
    AuthSessionStore sessions,
    TokenService tokens,
    SessionRevocation revocation,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<AccountService> logger)
{
    private static readonly PasswordHasher<PlayerRecord> Hasher = new();

    // Verified against when the username is unknown, so a miss costs as much as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(null!, "asobi-timing-equaliser");

    public async Task<AccountResult<AuthTokens>> RegisterAsync(string? username, string? password, string? displayName, CancellationToken ct)
    {
        var errors = CredentialRules.Check(username, password, displayName);
        if (errors.Count > 0)
        {
            return AccountResult.Fail<AuthTokens>(AccountFailure.Validation, errors);
        }

        var hash = Hasher.HashPassword(null!, password!);
        var player = await players.CreateAsync(Guid.CreateVersion7(), username!, displayName?.Trim() ?? username!, hash, isGuest: false, ct);
        if (player is null)
        {
            return AccountResult.Fail<AuthTokens>(AccountFailure.UsernameTaken);
        }

        LogRegistered(player.Id);
        return AccountResult.Ok(await StartSessionAsync(player, ct));
    }

    public async Task<AccountResult<AuthTokens>> LoginAsync(string? username, string? password, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password) || password.Length > CredentialRules.MaxPassword || username.Length > 64)
        {
            return AccountResult.Fail<AuthTokens>(AccountFailure.InvalidCredentials);
        }

        var player = await players.FindByUsernameAsync(username, ct);
        if (player?.PasswordHash is null)
        {
            Hasher.VerifyHashedPassword(null!, DummyHash, password);
            return AccountResult.Fail<AuthTokens>(AccountFailure.InvalidCredentials);
        }

        if (Hasher.VerifyHashedPassword(player, player.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            return AccountResult.Fail<AuthTokens>(AccountFailure.InvalidCredentials);
        }

        return AccountResult.Ok(await StartSessionAsync(player, ct));
    }

    /// <summary>Create-or-resume a guest bound to a device id and secret.</summary>
    public async Task<AccountResult<AuthTokens>> GuestAsync(string? deviceId, string? deviceSecret, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(deviceId) || deviceId.Length > 128)
        {
            errors["device_id"] = "1 to 128 characters.";
        }

        if (string.IsNullOrEmpty(deviceSecret) || deviceSecret.Length < 16 || deviceSecret.Length > 256)
        {
            errors["device_secret"] = "16 to 256 characters.";
        }

        if (errors.Count > 0)
        {
            return AccountResult.Fail<AuthTokens>(AccountFailure.Validation, errors);
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var device = await players.FindDeviceAsync(deviceId!, ct);
            if (device is { } known)
            {
                var player = await players.GetAsync(known.PlayerId, ct);
                if (player is null || Hasher.VerifyHashedPassword(player, known.SecretHash, deviceSecret!) == PasswordVerificationResult.Failed)
                {
                    return AccountResult.Fail<AuthTokens>(AccountFailure.InvalidCredentials);
                }

                return AccountResult.Ok(await StartSessionAsync(player, ct));
            }

            var id = Guid.CreateVersion7();
            var username = $"guest_{id.ToString("N")[^12..]}";
            if (await players.CreateGuestAsync(id, username, deviceId!, Hasher.HashPassword(null!, deviceSecret!), ct))
            {
                var created = await players.GetAsync(id, ct);
                return AccountResult.Ok(await StartSessionAsync(created!, ct));
            }

            // Another request created this device a moment ago: resume it on the next pass.
        }

        return AccountResult.Fail<AuthTokens>(AccountFailure.InvalidCredentials);
    }

    /// <summary>Single-use rotation; presenting a used token revokes the whole session (every token of the family).</summary>
    public async Task<AccountResult<AuthTokens>> RefreshAsync(string? refreshToken, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(refreshToken) || refreshToken.Length > 256)
        {
            return AccountResult.Fail<AuthTokens>(AccountFailure.InvalidRefreshToken);
        }

        var next = TokenService.NewRefreshToken();
        var outcome = await sessions.RotateAsync(
            TokenService.HashRefreshToken(refreshToken), TokenService.HashRefreshToken(next), time.GetUtcNow() + options.Value.RefreshTokenLifetime, ct);
        switch (outcome.Status)
        {
            case RefreshStatus.Rotated:
                var player = await players.GetAsync(outcome.PlayerId, ct);
                if (player is null)
                {
                    return AccountResult.Fail<AuthTokens>(AccountFailure.InvalidRefreshToken);
                }

                var (access, expires) = tokens.IssueAccessToken(player.Id, outcome.SessionId);
                return AccountResult.Ok(new AuthTokens(player.Id, access, next, player.Username, expires));
            case RefreshStatus.Reused:
                LogRefreshReuse(outcome.PlayerId, outcome.SessionId);
                await revocation.RevokeAsync(outcome.SessionId, "refresh_token_reuse", ct);
                return AccountResult.Fail<AuthTokens>(AccountFailure.InvalidRefreshToken);
            default:
                return AccountResult.Fail<AuthTokens>(AccountFailure.InvalidRefreshToken);
        }
    }

    /// <summary>Ends the caller's session, or the session of the refresh token given (which must be the caller's).</summary>
    public async Task<AccountResult<bool>> LogoutAsync(TokenIdentity caller, string? refreshToken, CancellationToken ct)
    {
        var sessionId = caller.SessionId;
        if (!string.IsNullOrEmpty(refreshToken))
        {
            var outcome = await sessions.StateOfAsync(TokenService.HashRefreshToken(refreshToken), ct);
            if (outcome.Status == RefreshStatus.Unknown)
            {
                return AccountResult.Fail<bool>(AccountFailure.InvalidRefreshToken);
            }

            if (outcome.PlayerId != caller.PlayerId)
            {
                return AccountResult.Fail<bool>(AccountFailure.Forbidden);
            }

            sessionId = outcome.SessionId;
        }

        await revocation.RevokeAsync(sessionId, "logout", ct);
        return AccountResult.Ok(true);
    }

    private async Task<AuthTokens> StartSessionAsync(PlayerRecord player, CancellationToken ct)
    {
        var sessionId = Guid.CreateVersion7();
        var refresh = TokenService.NewRefreshToken();
        await sessions.CreateSessionAsync(sessionId, player.Id, time.GetUtcNow() + options.Value.RefreshTokenLifetime, TokenService.HashRefreshToken(refresh), ct);
        var (access, expires) = tokens.IssueAccessToken(player.Id, sessionId);
        return new AuthTokens(player.Id, access, refresh, player.Username, expires);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Player {PlayerId} registered")]
    private partial void LogRegistered(Guid playerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh token reused for player {PlayerId}; revoking session {SessionId}")]
    private partial void LogRefreshReuse(Guid playerId, Guid sessionId);
}
