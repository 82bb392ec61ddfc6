using System.Diagnostics.Metrics;

namespace Asobi.Node.Matches;

/// <summary>Match server instruments (meter <c>Asobi.Match</c>).</summary>
public sealed class MatchMetrics
{
    public const string MeterName = "Asobi.Match";

    private static readonly double[] TickBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1];
    private readonly Histogram<double> tickDuration;
    private readonly Histogram<double> tickLag;
    private readonly Histogram<double> migration;
    private readonly Counter<long> inputsDropped;
    private readonly Counter<long> ticksSkipped;
    private readonly Counter<long> ended;
    private readonly Counter<long> followUpsDropped;
    private readonly Counter<long> recalled;
    private int active;

    public MatchMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        tickDuration = meter.CreateHistogram("asobi.match.tick.duration", "s", "Time to run one match tick",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TickBuckets });
        tickLag = meter.CreateHistogram("asobi.match.tick.lag", "s", "Actual minus scheduled start of a tick",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TickBuckets });
        migration = meter.CreateHistogram("asobi.match.migration.duration", "s", "From the match announcement to a migrating player's join on the host",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        inputsDropped = meter.CreateCounter<long>("asobi.match.inputs.dropped", description: "Inputs dropped because a match's input queue was full");
        ticksSkipped = meter.CreateCounter<long>("asobi.match.ticks.skipped", description: "Ticks skipped by matches that fell far behind");
        ended = meter.CreateCounter<long>("asobi.match.ended", description: "Matches ended, by status");
        followUpsDropped = meter.CreateCounter<long>("asobi.match.followups.dropped", description: "Ticket follow-ups dropped because their queue was full");
        recalled = meter.CreateCounter<long>("asobi.match.recalled", description: "Players told of a match on reconnecting, having been offline when it formed");
        meter.CreateObservableGauge("asobi.match.active", () => Volatile.Read(ref active), description: "Matches hosted on this node");
    }

    public void Tick(TimeSpan duration, TimeSpan lag)
    {
        tickDuration.Record(duration.TotalSeconds);
        tickLag.Record(Math.Max(0, lag.TotalSeconds));
    }

    public void InputDropped() => inputsDropped.Add(1);

    public void TicksSkipped(long count) => ticksSkipped.Add(count);

    public void Migrated(TimeSpan duration) => migration.Record(duration.TotalSeconds);

    public void FollowUpDropped() => followUpsDropped.Add(1);

    public void Recalled() => recalled.Add(1);

    public void Started() => Interlocked.Increment(ref active);

    public void Ended(string status)
    {
        Interlocked.Decrement(ref active);
        ended.Add(1, new KeyValuePair<string, object?>("status", status));
    }
}
