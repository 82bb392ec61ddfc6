using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Asobi.Node.Accounts;

/// <summary>
/// Issues and validates access tokens (HS256 JWTs naming the player and the auth session) and refresh tokens
/// (opaque random strings, stored only as SHA-256 hashes). The signing key is shared by every node, so a token
/// from one node works on all of them.
/// </summary>
public sealed class TokenService(IOptions<AuthOptions> options, TimeProvider time, SessionStatusCache cache, AuthSessionStore sessions)
{
    private const string Issuer = "asobi";
    private const string SessionClaim = "sid";
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private SymmetricSecurityKey? key;

    public bool IsReady => key is not null;

    public void UseSigningKey(byte[] keyBytes) => key = new SymmetricSecurityKey(keyBytes);

    public (string Token, DateTimeOffset ExpiresAt) IssueAccessToken(Guid playerId, Guid sessionId)
    {
        var now = time.GetUtcNow();
        var expires = now + options.Value.AccessTokenLifetime;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object> { ["sub"] = playerId.ToString(), [SessionClaim] = sessionId.ToString() },
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    public static string NewRefreshToken() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static byte[] HashRefreshToken(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    /// <summary>Checks signature, lifetime and that the session is not revoked (cached; the database only on a miss).</summary>
    public async Task<TokenIdentity?> ValidateAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Issuer,
            IssuerSigningKey = Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, p) =>
                expires is { } e && e.ToUniversalTime() > time.GetUtcNow().UtcDateTime - p.ClockSkew,
        });
        if (!result.IsValid
            || !Guid.TryParse(result.Claims.TryGetValue("sub", out var sub) ? sub as string : null, out var playerId)
            || !Guid.TryParse(result.Claims.TryGetValue(SessionClaim, out var sid) ? sid as string : null, out var sessionId))
        {
            return null;
        }

        if (!cache.TryGet(sessionId, out var revoked))
        {
            var state = await sessions.GetStateAsync(sessionId, ct);
            revoked = state is null || state.Revoked;
            if (revoked)
            {
                cache.SetRevoked(sessionId);
            }
            else
            {
                cache.SetLive(sessionId);
            }
        }

        return revoked ? null : new TokenIdentity(playerId, sessionId);
    }

    private SymmetricSecurityKey Key => key ?? throw new InvalidOperationException("The token signing key is not loaded yet.");
}

/// <summary>Who a valid access token speaks for.</summary>
public sealed record TokenIdentity(Guid PlayerId, Guid SessionId)
{
    public ClaimsPrincipal ToPrincipal(string scheme) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, PlayerId.ToString()), new Claim("sid", SessionId.ToString())], scheme));

    public static TokenIdentity? FromPrincipal(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var p) && Guid.TryParse(user.FindFirstValue("sid"), out var s)
            ? new TokenIdentity(p, s)
            : null;
}
