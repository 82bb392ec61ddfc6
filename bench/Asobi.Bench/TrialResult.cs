namespace Asobi.Bench;

/// <summary>One trial of one configuration for one system; metric names are listed in <see cref="Metrics"/>.</summary>
internal sealed record TrialResult(string Scenario, string Config, string System, int Trial, Dictionary<string, double> Values, List<string> Flags)
{
    public static TrialResult Unavailable(string scenario, string config, string system, int trial, string why) =>
        new(scenario, config, system, trial, [], [why]);
}

/// <summary>Metric keys, units and which one is each scenario's headline (and whether bigger is better).</summary>
internal static class Metrics
{
    public const string KiBPerSocket = "kib_per_socket";
    public const string RssBeforeMiB = "rss_before_mib";
    public const string RssAfterMiB = "rss_after_mib";
    public const string IdleCpuPercent = "idle_cpu_percent";
    public const string Connected = "connected";
    public const string RoundTripsPerSecond = "round_trips_per_s";
    public const string P50Ms = "p50_ms";
    public const string P99Ms = "p99_ms";
    public const string CpuMicrosPerOp = "server_cpu_us_per_op";
    public const string DeliveriesPerSecond = "deliveries_per_s";
    public const string DeliveredPercent = "delivered_percent";
    public const string SustainedDeliveriesPerSecond = "sustained_deliveries_per_s";
    public const string LoadCpuCores = "load_cpu_cores";
    public const string MachineBusyPercent = "machine_busy_percent";

    public static readonly IReadOnlyDictionary<string, (string Label, string Headline, bool HigherIsBetter, string[] Columns)> Scenarios =
        new Dictionary<string, (string, string, bool, string[])>
        {
            ["idle"] = ("Idle sockets", KiBPerSocket, false, [Connected, KiBPerSocket, RssBeforeMiB, RssAfterMiB, IdleCpuPercent, LoadCpuCores]),
            ["echo"] = ("Echo (session.heartbeat / ping round trips)", RoundTripsPerSecond, true, [RoundTripsPerSecond, P50Ms, P99Ms, CpuMicrosPerOp, LoadCpuCores, MachineBusyPercent]),
            ["fanout"] = ("Fan-out, sustained (≥ 98 % delivered)", SustainedDeliveriesPerSecond, true, [SustainedDeliveriesPerSecond, P50Ms, P99Ms, CpuMicrosPerOp]),
            ["fanout-step"] = ("Fan-out steps", DeliveriesPerSecond, true, [DeliveriesPerSecond, DeliveredPercent, P50Ms, P99Ms, CpuMicrosPerOp, LoadCpuCores, MachineBusyPercent]),
        };
}
