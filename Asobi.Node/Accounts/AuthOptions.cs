namespace Asobi.Node.Accounts;

/// <summary>Token lifetimes, credential rules and per-IP limits (<c>Asobi:Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Asobi:Auth";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(60);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Base64 HMAC key shared by every node; when empty, one is generated once and kept in the database.</summary>
    public string? SigningKey { get; set; }

    public int RegisterPerMinute { get; set; } = 10;

    public int LoginPerMinute { get; set; } = 30;

    /// <summary>How long a node trusts its cached "session not revoked" answer; revocations arrive sooner through the bus.</summary>
    public TimeSpan SessionCacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    public int SessionCacheCapacity { get; set; } = 100_000;
}
