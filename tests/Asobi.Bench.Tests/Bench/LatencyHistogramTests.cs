namespace Asobi.Bench.Tests.Bench;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_come_from_the_recorded_values()
    {
        var h = new LatencyHistogram();
        for (var us = 1; us <= 1_000; us++)
        {
            h.Record(us * 10);
        }

        Assert.Equal(1_000, h.Count);
        Assert.InRange(h.PercentileMs(50), 4.99, 5.01);
        Assert.InRange(h.PercentileMs(99), 9.89, 9.91);
        Assert.InRange(h.MaxMs, 9.99, 10.01);
    }

    [Fact]
    public void An_empty_histogram_has_no_percentiles()
    {
        Assert.True(double.IsNaN(new LatencyHistogram().PercentileMs(99)));
    }

    [Fact]
    public void Pairs_round_trip_and_merge_like_the_load_processes_send_them()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(100);
        a.Record(100);
        b.Record(5_000);

        var merged = LatencyHistogram.FromPairs(a.ToPairs());
        merged.Add(LatencyHistogram.FromPairs(b.ToPairs()));

        Assert.Equal(3, merged.Count);
        Assert.InRange(merged.PercentileMs(50), 0.0999, 0.1001);
        Assert.InRange(merged.MaxMs, 4.99, 5.01);
    }

    [Fact]
    public void Out_of_range_and_negative_latencies_are_clamped_not_lost()
    {
        var h = new LatencyHistogram();
        h.Record(-5);
        h.Record(long.MaxValue);

        Assert.Equal(2, h.Count);
    }

    [Fact]
    public void A_malformed_pair_is_rejected()
    {
        Assert.Throws<FormatException>(() => LatencyHistogram.FromPairs([[1, 2, 3]]));
        Assert.Throws<FormatException>(() => LatencyHistogram.FromPairs([[10, -1]]));
    }

    [Fact]
    public void Fan_out_receivers_count_bench_messages_per_step_and_ignore_other_frames()
    {
        var tally = new FanoutTally();
        var now = 2_000_000L;

        tally.Observe(Frame(FanoutTally.Content(3, now - 1_500)), now);
        tally.Observe(Frame(FanoutTally.Content(3, now - 500)), now);
        tally.Observe(Frame(FanoutTally.Content(4, now - 100)), now);
        tally.Observe("{\"type\":\"chat.message\",\"payload\":{\"content\":\"hello\"}}"u8, now);
        tally.Observe("{\"type\":\"session.heartbeat\",\"payload\":{\"ts\":1}}"u8, now);

        var (count, latency) = tally.Take(3);
        Assert.Equal(2, count);
        Assert.InRange(latency.MaxMs, 1.49, 1.51);
        Assert.Equal(1, tally.Take(4).Count);
        Assert.Equal(0, tally.Take(5).Count);
    }

    private static byte[] Frame(string content) =>
        System.Text.Encoding.UTF8.GetBytes($"{{\"type\":\"chat.message\",\"payload\":{{\"channel_id\":\"global:b\",\"content\":\"{content}\",\"sent_at\":1}}}}");
}
