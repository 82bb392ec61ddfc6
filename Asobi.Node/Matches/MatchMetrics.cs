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
    private readonly Counter<long> relayFrames;
    private readonly Counter<long> relayFramesDropped;
    private readonly Counter<long> relayInputsDropped;
    private readonly Histogram<double> relayLatency;
    private readonly Meter meter;
    private int active;

    public MatchMetrics(IMeterFactory meters)
    {
        meter = meters.Create(MeterName);
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
        relayFrames = meter.CreateCounter<long>("asobi.match.relay.frames", description: "Frames of matches hosted elsewhere delivered to relayed players' sockets here");
        relayFramesDropped = meter.CreateCounter<long>("asobi.match.relay.frames.dropped", description: "Relayed frames dropped: a full bus queue on the host, or state frames of a relay that fell behind");
        relayInputsDropped = meter.CreateCounter<long>("asobi.match.relay.inputs.dropped", description: "Inputs of relayed players not forwarded to the host because the bus queue was full");
        relayLatency = meter.CreateHistogram("asobi.match.relay.latency", "s", "From the host's send to the relaying node's delivery to sockets",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
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

    public void RelayDelivered(long frames, TimeSpan latency)
    {
        relayFrames.Add(frames);
        relayLatency.Record(Math.Max(0, latency.TotalSeconds));
    }

    public void RelayFramesDropped(long frames) => relayFramesDropped.Add(frames);

    public void RelayInputDropped() => relayInputsDropped.Add(1);

    /// <summary>Reports <paramref name="count"/> as the gauge of players this node relays to hosts elsewhere.</summary>
    public void ObserveRelayedPlayers(Func<int> count) =>
        meter.CreateObservableGauge("asobi.match.relay.players", count, description: "Players whose match runs on another node, relayed by this one");

    public void Started() => Interlocked.Increment(ref active);

    public void Ended(string status)
    {
        Interlocked.Decrement(ref active);
        ended.Add(1, new KeyValuePair<string, object?>("status", status));
    }
}
