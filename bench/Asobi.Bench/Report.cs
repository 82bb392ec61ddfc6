using System.Text;
using System.Text.Json;

namespace Asobi.Bench;

/// <summary>Turns trials into the Markdown tables of docs/benchmarks.md, a JSON file and one chart per scenario.</summary>
internal static class Report
{
    private static readonly JsonSerializerOptions Indented = new(Wire.Json) { WriteIndented = true };

    public static string Markdown(IReadOnlyList<TrialResult> trials, IReadOnlyList<string> systems)
    {
        var md = new StringBuilder();
        foreach (var (scenario, (label, headline, higherIsBetter, columns)) in Metrics.Scenarios)
        {
            var rows = trials.Where(t => t.Scenario == scenario).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            md.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"#### {label}").AppendLine();
            var header = new List<string> { "Configuration", "System" };
            header.AddRange(columns);
            header.Add("Trials");
            header.Add("Notes");
            md.AppendLine("| " + string.Join(" | ", header) + " |");
            md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count)));
            foreach (var config in rows.Select(r => r.Config).Distinct())
            {
                foreach (var system in systems)
                {
                    var mine = rows.Where(r => r.Config == config && r.System == system).ToList();
                    if (mine.Count == 0)
                    {
                        continue;
                    }

                    var cells = new List<string> { config, system };
                    cells.AddRange(columns.Select(c => Summary.Of(mine.Select(r => r.Values.GetValueOrDefault(c, double.NaN))).Format()));
                    cells.Add(mine.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    cells.Add(string.Join("; ", mine.SelectMany(r => r.Flags).Distinct()));
                    md.AppendLine("| " + string.Join(" | ", cells) + " |");
                }

                if (Ratio(rows, config, headline) is { } ratio)
                {
                    md.AppendLine(FormattableString.Invariant($"| {config} | **Asobi / Colyseus** ({headline}, {(higherIsBetter ? "higher" : "lower")} is better) | **{ratio:0.00}×** |") + string.Concat(Enumerable.Repeat(" |", header.Count - 3)));
                }
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    /// <summary>Ratio of the medians, when both systems have a figure for the configuration.</summary>
    public static double? Ratio(IEnumerable<TrialResult> rows, string config, string metric)
    {
        var asobi = Summary.Of(rows.Where(r => r.Config == config && r.System == "asobi").Select(r => r.Values.GetValueOrDefault(metric, double.NaN)));
        var peer = Summary.Of(rows.Where(r => r.Config == config && r.System == "colyseus").Select(r => r.Values.GetValueOrDefault(metric, double.NaN)));
        return asobi.Trials == 0 || peer.Trials == 0 || peer.Median == 0 ? null : asobi.Median / peer.Median;
    }

    public static string Json(IReadOnlyList<TrialResult> trials, object machine) =>
        JsonSerializer.Serialize(new { machine, trials = trials.Select(t => new { t.Scenario, t.Config, t.System, t.Trial, Values = t.Values.Where(v => !double.IsNaN(v.Value)).ToDictionary(), t.Flags }) }, Indented);

    /// <summary>Reads back what <see cref="Json"/> wrote, to redraw tables and charts without measuring again.</summary>
    public static List<TrialResult> FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("trials").EnumerateArray().Select(t => new TrialResult(
            t.GetProperty("scenario").GetString()!,
            t.GetProperty("config").GetString()!,
            t.GetProperty("system").GetString()!,
            t.GetProperty("trial").GetInt32(),
            t.GetProperty("values").EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetDouble()),
            [.. t.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!)]))];
    }

    /// <summary>One bar chart per scenario: the headline metric's median per configuration and system, whiskers for the range.</summary>
    public static IReadOnlyList<string> Charts(IReadOnlyList<TrialResult> trials, IReadOnlyList<string> systems, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var colors = new[] { ScottPlot.Colors.SteelBlue, ScottPlot.Colors.DarkOrange, ScottPlot.Colors.Gray };
        foreach (var (scenario, (label, headline, higherIsBetter, _)) in Metrics.Scenarios)
        {
            var rows = trials.Where(t => t.Scenario == scenario && t.Values.ContainsKey(headline)).ToList();
            if (rows.Count == 0 || scenario == "fanout-step")
            {
                continue;
            }

            var configs = rows.Select(r => r.Config).Distinct().ToList();
            var plot = new ScottPlot.Plot();
            var ticks = new List<ScottPlot.Tick>();
            for (var c = 0; c < configs.Count; c++)
            {
                ticks.Add(new ScottPlot.Tick(c * (systems.Count + 1) + ((systems.Count - 1) / 2.0), configs[c]));
                for (var s = 0; s < systems.Count; s++)
                {
                    var sum = Summary.Of(rows.Where(r => r.Config == configs[c] && r.System == systems[s]).Select(r => r.Values[headline]));
                    if (sum.Trials == 0)
                    {
                        continue;
                    }

                    var x = c * (systems.Count + 1) + s;
                    var bar = plot.Add.Bar(new ScottPlot.Bar { Position = x, Value = sum.Median, FillColor = colors[s % colors.Length] });
                    bar.LegendText = c == 0 ? systems[s] : string.Empty;
                    var range = plot.Add.Line(x, sum.Min, x, sum.Max);
                    range.LineWidth = 2;
                    range.LineColor = ScottPlot.Colors.Black;
                }
            }

            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
            plot.Axes.Bottom.TickLabelStyle.Rotation = configs.Count > 3 ? 20 : 0;
            plot.Title($"{label} (bar = median, line = range)");
            plot.YLabel($"{headline} ({(higherIsBetter ? "higher" : "lower")} is better)");
            plot.Legend.Alignment = ScottPlot.Alignment.UpperRight;
            plot.ShowLegend();
            plot.Axes.Margins(bottom: 0);
            var name = Path.Combine(directory, scenario);
            plot.SavePng(name + ".png", 1000, 520);
            plot.SaveSvg(name + ".svg", 1000, 520);
            written.Add(name + ".png");
        }

        return written;
    }
}
