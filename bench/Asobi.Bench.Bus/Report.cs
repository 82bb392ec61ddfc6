using System.Globalization;
using System.Text;

namespace Asobi.Bench.Bus;

/// <summary>Medians and ranges over trials, as a Markdown table.</summary>
internal static class Report
{
    public static string Environment(string serverVersion, BenchArguments arguments, bool privateServer) =>
        string.Create(CultureInfo.InvariantCulture, $"""

            Machine: {Coordinator.Machine()}; PostgreSQL {serverVersion} ({(privateServer ? "private server started by the bench" : "given by --connection")}).
            {arguments.Trials} trials of {arguments.Duration.TotalSeconds:F0} s per configuration, interleaved; median [min–max].

            """);

    public static string Table(IReadOnlyList<TrialResult> results, IReadOnlyList<TrialConfig> configs)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Batching | Offered | Delivered events/s | p50 latency (ms) | p99 latency (ms) | Max (ms) | Events per NOTIFY | Lost | Rejected |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var config in configs)
        {
            var runs = results.Where(r => r.Config == config).ToList();
            if (runs.Count == 0)
            {
                continue;
            }

            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(config.Batching ? "on" : "off")} | {config.RateLabel} | {Cell(runs, r => r.DeliveredPerSecond, "N0")} | {Cell(runs, r => r.Received.P50 / 1000.0, "F2")} | {Cell(runs, r => r.Received.P99 / 1000.0, "F2")} | {Cell(runs, r => r.Received.Max / 1000.0, "F1")} | {Cell(runs, r => r.EventsPerPayload, "F1")} | {runs.Sum(r => r.Lost)} | {runs.Sum(r => r.Rejected)} |"));
        }

        return sb.ToString();
    }

    private static string Cell(List<TrialResult> runs, Func<TrialResult, double> value, string format)
    {
        var values = runs.Select(value).Order().ToList();
        var median = values.Count % 2 == 1
            ? values[values.Count / 2]
            : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture,
            $"{median.ToString(format, CultureInfo.InvariantCulture)} [{values[0].ToString(format, CultureInfo.InvariantCulture)}–{values[^1].ToString(format, CultureInfo.InvariantCulture)}]");
    }
}
