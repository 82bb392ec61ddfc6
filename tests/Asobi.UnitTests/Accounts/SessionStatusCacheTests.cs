using Asobi.Node.Accounts;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Accounts;

public sealed class SessionStatusCacheTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void A_live_answer_expires_after_the_ttl()
    {
        var cache = new SessionStatusCache(time, TimeSpan.FromMinutes(5), 100);
        var id = Guid.NewGuid();
        cache.SetLive(id);
        Assert.True(cache.TryGet(id, out var revoked));
        Assert.False(revoked);
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.False(cache.TryGet(id, out _));
    }

    [Fact]
    public void A_late_live_answer_never_overwrites_a_revocation()
    {
        var cache = new SessionStatusCache(time, TimeSpan.FromMinutes(5), 100);
        var id = Guid.NewGuid();
        cache.SetRevoked(id);
        cache.SetLive(id);
        Assert.True(cache.TryGet(id, out var revoked));
        Assert.True(revoked);
        time.Advance(TimeSpan.FromDays(1));
        Assert.True(cache.TryGet(id, out revoked));
        Assert.True(revoked);
    }

    [Fact]
    public void The_cache_stays_within_its_capacity()
    {
        var cache = new SessionStatusCache(time, TimeSpan.FromMinutes(5), 10);
        for (var i = 0; i < 1000; i++)
        {
            cache.SetLive(Guid.NewGuid());
        }

        Assert.InRange(cache.Count, 1, 10);
    }
}
