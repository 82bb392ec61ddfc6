using HdrHistogram;

namespace Asobi.Bench;

/// <summary>
/// Latencies in microseconds in an HdrHistogram (3 significant digits, 1 µs to 10 min). Load processes send theirs
/// to the coordinator as <c>[value, count]</c> pairs, which is also what the Colyseus load script produces.
/// </summary>
internal sealed class LatencyHistogram
{
    private const long Highest = 600_000_000;
    private readonly LongHistogram histogram = new(Highest, 3);

    public long Count => histogram.TotalCount;

    public void Record(long micros) => histogram.RecordValue(Math.Clamp(micros, 1, Highest));

    public void Add(LatencyHistogram other) => histogram.Add(other.histogram);

    /// <summary>The value at a percentile (0–100) in milliseconds; NaN when empty.</summary>
    public double PercentileMs(double percentile) =>
        histogram.TotalCount == 0 ? double.NaN : histogram.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => histogram.TotalCount == 0 ? double.NaN : histogram.GetMaxValue() / 1000.0;

    public long[][] ToPairs() =>
        [.. histogram.RecordedValues().Select(v => new[] { v.ValueIteratedTo, v.CountAtValueIteratedTo })];

    public static LatencyHistogram FromPairs(IEnumerable<long[]>? pairs)
    {
        var h = new LatencyHistogram();
        foreach (var pair in pairs ?? [])
        {
            if (pair.Length != 2 || pair[1] < 0)
            {
                throw new FormatException("a histogram entry must be [micros, count] with a count ≥ 0");
            }

            if (pair[1] > 0)
            {
                h.histogram.RecordValueWithCount(Math.Clamp(pair[0], 1, Highest), pair[1]);
            }
        }

        return h;
    }
}
