using Asobi.Client.Realtime;

namespace Asobi.UnitTests.Client;

public sealed class BackoffTests
{
    [Fact]
    public void Waits_double_from_the_minimum_stay_in_the_upper_half_and_never_pass_the_maximum()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), new Random(7));
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var ceiling = Math.Min(100 * Math.Pow(2, Math.Min(attempt, 30)), 2000);
            for (var i = 0; i < 50; i++)
            {
                var wait = backoff.Delay(attempt).TotalMilliseconds;
                Assert.InRange(wait, ceiling / 2, ceiling);
            }
        }
    }

    [Fact]
    public void A_zero_or_inverted_range_still_gives_positive_bounded_waits()
    {
        var backoff = new Backoff(TimeSpan.Zero, TimeSpan.FromMilliseconds(-5));
        Assert.InRange(backoff.Delay(3).TotalMilliseconds, 0.5, 1);
    }
}
