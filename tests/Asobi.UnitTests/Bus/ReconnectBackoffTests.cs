using Asobi.Bus;

namespace Asobi.UnitTests.Bus;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Delays_double_from_100_ms_up_to_5_s_with_jitter_below_each_step()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new Random(7));
        double[] nominalMs = [100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000];

        foreach (var nominal in nominalMs)
        {
            Assert.InRange(backoff.Next().TotalMilliseconds, nominal / 2, nominal);
        }

        backoff.Reset();
        Assert.InRange(backoff.Next().TotalMilliseconds, 50, 100);
    }

    [Fact]
    public void Jitter_spreads_the_delays_of_different_processes()
    {
        var delays = Enumerable.Range(0, 20)
            .Select(seed => new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new Random(seed)).Next())
            .Distinct()
            .Count();

        Assert.True(delays > 10, $"{delays} distinct delays");
    }
}
