using Asobi.Node.Realtime;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Realtime;

public sealed class TokenBucketTests
{
    [Fact]
    public void A_burst_of_the_rate_passes_then_the_bucket_refills_with_time()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(60, time);
        Assert.Equal(60, Enumerable.Range(0, 100).Count(_ => bucket.TryTake()));

        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(30, Enumerable.Range(0, 100).Count(_ => bucket.TryTake()));

        time.Advance(TimeSpan.FromMinutes(10)); // refill is capped at one second's worth
        Assert.Equal(60, Enumerable.Range(0, 100).Count(_ => bucket.TryTake()));
    }
}
