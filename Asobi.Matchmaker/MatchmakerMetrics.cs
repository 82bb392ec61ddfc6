using System.Diagnostics.Metrics;

namespace Asobi.Matchmaker;

/// <summary>Matchmaker instruments (meter <c>Asobi.Matchmaker</c>).</summary>
public sealed class MatchmakerMetrics
{
    public const string MeterName = "Asobi.Matchmaker";

    private readonly Histogram<double> tickDuration;
    private readonly Histogram<double> timeToMatch;
    private readonly Counter<long> formed;
    private readonly Counter<long> expired;
    private readonly Counter<long> failed;
    private int leading;
    private Dictionary<string, int> depths = [];

    public MatchmakerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        tickDuration = meter.CreateHistogram("asobi.matchmaker.tick.duration", "s", "One leader tick: expire, read the queue, form and record matches",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        timeToMatch = meter.CreateHistogram("asobi.matchmaker.time_to_match", "s", "From queueing to being placed in a match",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 20, 30, 60, 120] });
        formed = meter.CreateCounter<long>("asobi.matchmaker.matches.formed", description: "Matches formed and recorded");
        expired = meter.CreateCounter<long>("asobi.matchmaker.tickets.expired", description: "Tickets that waited past their mode's max wait");
        failed = meter.CreateCounter<long>("asobi.matchmaker.matches.failed", description: "Matches no node confirmed");
        meter.CreateObservableGauge("asobi.matchmaker.leader", () => Volatile.Read(ref leading), description: "1 on the instance that leads");
        meter.CreateObservableGauge("asobi.matchmaker.queue.depth",
            () => Volatile.Read(ref depths).Select(d => new Measurement<int>(d.Value, new KeyValuePair<string, object?>("mode", d.Key))),
            description: "Pending tickets per mode, as the leader last read them");
    }

    public void Leading(bool value) => Volatile.Write(ref leading, value ? 1 : 0);

    public void Tick(TimeSpan duration) => tickDuration.Record(duration.TotalSeconds);

    public void Formed(string mode, int count) => formed.Add(count, new KeyValuePair<string, object?>("mode", mode));

    public void TimeToMatch(TimeSpan waited) => timeToMatch.Record(waited.TotalSeconds);

    public void Expired(int count) => expired.Add(count);

    public void Failed() => failed.Add(1);

    public void QueueDepths(Dictionary<string, int> value) => Volatile.Write(ref depths, value);
}
