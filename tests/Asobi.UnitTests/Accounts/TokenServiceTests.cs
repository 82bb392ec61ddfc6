using System.Security.Cryptography;
using Asobi.Node.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Asobi.UnitTests.Accounts;

public sealed class TokenServiceTests : IDisposable
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly SessionStatusCache cache;
    // Never opened: these tests keep every session answer in the cache.
    private readonly NpgsqlDataSource unusedDb = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=1");
    private readonly TokenService tokens;
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public TokenServiceTests()
    {
        cache = new SessionStatusCache(time, TimeSpan.FromHours(1), 100);
        tokens = Create(key);
    }

    [Fact]
    public async Task A_token_names_its_player_and_session()
    {
        var (player, session) = (Guid.NewGuid(), Guid.NewGuid());
        cache.SetLive(session);
        var (token, expires) = tokens.IssueAccessToken(player, session);
        Assert.Equal(time.GetUtcNow().AddMinutes(60), expires);
        Assert.Equal(new TokenIdentity(player, session), await tokens.ValidateAsync(token, default));
    }

    [Fact]
    public async Task Another_node_with_the_same_key_accepts_it_and_one_with_another_key_does_not()
    {
        var session = Guid.NewGuid();
        cache.SetLive(session);
        var (token, _) = tokens.IssueAccessToken(Guid.NewGuid(), session);
        Assert.NotNull(await Create(key).ValidateAsync(token, default));
        Assert.Null(await Create(RandomNumberGenerator.GetBytes(32)).ValidateAsync(token, default));
    }

    [Fact]
    public async Task Expired_revoked_tampered_and_empty_tokens_are_refused()
    {
        var session = Guid.NewGuid();
        cache.SetLive(session);
        var (token, _) = tokens.IssueAccessToken(Guid.NewGuid(), session);

        Assert.Null(await tokens.ValidateAsync(token[..^2] + (token[^2] == 'A' ? "BB" : "AA"), default));
        Assert.Null(await tokens.ValidateAsync("", default));
        Assert.Null(await tokens.ValidateAsync(null, default));
        Assert.Null(await tokens.ValidateAsync(new string('a', 5000), default));

        time.Advance(TimeSpan.FromMinutes(61));
        Assert.Null(await tokens.ValidateAsync(token, default));

        var (fresh, _) = tokens.IssueAccessToken(Guid.NewGuid(), session);
        cache.SetRevoked(session);
        Assert.Null(await tokens.ValidateAsync(fresh, default));
    }

    [Fact]
    public void Refresh_tokens_are_random_and_hashed()
    {
        var a = TokenService.NewRefreshToken();
        Assert.NotEqual(a, TokenService.NewRefreshToken());
        Assert.Equal(32, TokenService.HashRefreshToken(a).Length);
        Assert.Equal(TokenService.HashRefreshToken(a), TokenService.HashRefreshToken(a));
    }

    private TokenService Create(byte[] signingKey)
    {
        var service = new TokenService(Options.Create(new AuthOptions()), time, cache, new AuthSessionStore(unusedDb));
        service.UseSigningKey(signingKey);
        return service;
    }

    public void Dispose() => unusedDb.Dispose();
}
