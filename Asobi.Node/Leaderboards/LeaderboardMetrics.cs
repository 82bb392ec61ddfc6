using System.Diagnostics.Metrics;

namespace Asobi.Node.Leaderboards;

/// <summary>Leaderboard instruments (meter <c>Asobi.Leaderboards</c>), exported with the service defaults.</summary>
public sealed class LeaderboardMetrics
{
    public const string MeterName = "Asobi.Leaderboards";

    private readonly Meter meter;
    private readonly Counter<long> submits;
    private readonly Histogram<double> rebuildSeconds;

    public LeaderboardMetrics(IMeterFactory meters)
    {
        meter = meters.Create(MeterName);
        submits = meter.CreateCounter<long>("asobi.leaderboard.submits", description: "Submits by board and whether the stored score changed");
        rebuildSeconds = meter.CreateHistogram<double>("asobi.leaderboard.rebuild.duration", unit: "s",
            description: "Rebuilds of one board's cache from PostgreSQL (start, resynchronisation)");
    }

    /// <summary>Reports the entries of each board's cached period (called once, by the caches).</summary>
    public void ObserveEntries(IReadOnlyCollection<LeaderboardCache> caches) =>
        meter.CreateObservableGauge("asobi.leaderboard.entries",
            () => caches.Select(c => new Measurement<int>(c.Count, new KeyValuePair<string, object?>("board", c.Definition.Id))),
            description: "Entries in this node's cache of each board's current period");

    public void Submitted(string board, bool changed) =>
        submits.Add(1, new KeyValuePair<string, object?>("board", board), new KeyValuePair<string, object?>("changed", changed));

    public void Rebuilt(string board, TimeSpan elapsed) =>
        rebuildSeconds.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("board", board));
}
