namespace Asobi.Bench.Tests.Bench;

public sealed class ReportTests
{
    [Fact]
    public void Summary_is_the_median_with_the_range_and_ignores_missing_values()
    {
        var s = Summary.Of([3, 1, double.NaN, 2, 10]);

        Assert.Equal(2.5, s.Median);
        Assert.Equal(1, s.Min);
        Assert.Equal(10, s.Max);
        Assert.Equal(4, s.Trials);
        Assert.Equal("2.50 [1.00–10.0]", s.Format());
        Assert.Equal("–", Summary.Of([double.NaN]).Format());
    }

    [Fact]
    public void Tables_show_each_system_and_the_ratio_of_medians()
    {
        List<TrialResult> trials =
        [
            Echo("asobi", 1, 60_000), Echo("asobi", 2, 70_000), Echo("asobi", 3, 65_000),
            Echo("colyseus", 1, 30_000), Echo("colyseus", 2, 35_000), Echo("colyseus", 3, 32_500),
        ];

        var md = Report.Markdown(trials, ["asobi", "colyseus"]);

        Assert.Contains("| C=100 | asobi | 65,000 [60,000–70,000] |", md, StringComparison.Ordinal);
        Assert.Contains("| C=100 | colyseus | 32,500 [30,000–35,000] |", md, StringComparison.Ordinal);
        Assert.Contains("**2.00×**", md, StringComparison.Ordinal);
        Assert.Equal(2.0, Report.Ratio(trials, "C=100", Metrics.RoundTripsPerSecond));
    }

    [Fact]
    public void An_unavailable_scenario_is_reported_with_its_reason_and_no_ratio()
    {
        List<TrialResult> trials = [TrialResult.Unavailable("fanout", "1,000 members, 1 node", "asobi", 1, "chat is unavailable in this build")];

        var md = Report.Markdown(trials, ["asobi", "colyseus"]);

        Assert.Contains("chat is unavailable in this build", md, StringComparison.Ordinal);
        Assert.DoesNotContain("×**", md, StringComparison.Ordinal);
        Assert.Null(Report.Ratio(trials, "1,000 members, 1 node", Metrics.SustainedDeliveriesPerSecond));
    }

    [Fact]
    public void Json_results_keep_every_trial_and_drop_missing_values()
    {
        var json = Report.Json([Echo("asobi", 1, 1_000), TrialResult.Unavailable("fanout", "x", "asobi", 1, "why")], new { processors = 2 });

        Assert.Contains("\"round_trips_per_s\": 1000", json, StringComparison.Ordinal);
        Assert.Contains("\"why\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_read_back_from_json_give_the_same_tables()
    {
        List<TrialResult> trials = [Echo("asobi", 1, 1_000), Echo("colyseus", 1, 500), TrialResult.Unavailable("fanout", "x", "asobi", 1, "why")];

        var back = Report.FromJson(Report.Json(trials, new { processors = 2 }));

        Assert.Equal(Report.Markdown(trials, ["asobi", "colyseus"]), Report.Markdown(back, ["asobi", "colyseus"]));
    }

    [Fact]
    public void Charts_are_written_as_png_and_svg_per_scenario()
    {
        var dir = Path.Combine(Path.GetTempPath(), "asobi-bench-chart-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var written = Report.Charts([Echo("asobi", 1, 1_000), Echo("colyseus", 1, 800)], ["asobi", "colyseus"], dir);

            Assert.Equal(Path.Combine(dir, "echo.png"), Assert.Single(written));
            Assert.True(new FileInfo(Path.Combine(dir, "echo.png")).Length > 1_000);
            Assert.True(File.Exists(Path.Combine(dir, "echo.svg")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Load_is_split_over_enough_processes_to_stay_under_the_per_process_cap()
    {
        Assert.Equal([9_500, 9_500], LoadGroup.Split(19_000, 9_500, 1));
        Assert.Equal([6_334, 6_333, 6_333], LoadGroup.Split(19_000, 9_000, 1));
        Assert.Equal([50, 50], LoadGroup.Split(100, 9_000, 2));
        Assert.Equal([1], LoadGroup.Split(1, 9_000, 2));
    }

    [Fact]
    public void Proc_files_are_parsed_for_cpu_time_and_resident_memory()
    {
        const string stat = "4242 (dotnet (x)) S 1 2 3 4 5 6 7 8 9 10 250 150 0 0 20 0 12 0 100 200 300";
        const string status = "Name:\tdotnet\nVmPeak:\t  900 kB\nVmRSS:\t  123456 kB\nThreads:\t12\n";

        Assert.Equal(4.0, ProcessStats.ParseCpuSeconds(stat));
        Assert.Equal(123_456L * 1024, ProcessStats.ParseRssBytes(status));
        Assert.Equal((30, 40), ProcessStats.ParseMachine("cpu  10 0 10 5 5 5 5 0 0 0"));
        Assert.Throws<FormatException>(() => ProcessStats.ParseRssBytes("Name:\tx\n"));
    }

    [Fact]
    public void A_floor_client_line_is_read_with_its_step_fields()
    {
        var line = FloorTarget.Parse("""{"rate":300,"sent":600,"members":1000,"ops":600000,"seconds":3.501,"p50_ms":4.681,"p99_ms":12.267,"server_cpu_s":1.980,"load_cpu_cores":0.556,"machine_busy_percent":56.0}""");

        Assert.Equal(300, line.Rate);
        Assert.Equal(600, line.Sent);
        Assert.Equal(1000, line.Members);
        Assert.Equal(600_000, line.Ops);
        Assert.Equal(12.267, line.P99);
        Assert.Equal(1.98, line.ServerCpu);
        Assert.Equal(56.0, line.Busy);
    }

    [Fact]
    public async Task The_floor_says_why_it_cannot_run_when_its_source_is_missing()
    {
        var empty = Directory.CreateTempSubdirectory("asobi-floor-test");
        try
        {
            var (target, why) = await FloorTarget.PrepareAsync(empty.FullName, CancellationToken.None);

            Assert.Null(target);
            Assert.Contains("floor.c is missing", why, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void Floor_rows_sit_beside_both_systems_without_changing_their_ratio()
    {
        List<TrialResult> trials = [Echo("asobi", 1, 1_000), Echo("colyseus", 1, 500), Echo("floor", 1, 4_000)];

        var md = Report.Markdown(trials, ["asobi", "colyseus", "floor"]);

        Assert.Contains("| C=100 | floor | 4,000 |", md, StringComparison.Ordinal);
        Assert.Contains("**2.00×**", md, StringComparison.Ordinal);
    }

    private static TrialResult Echo(string system, int trial, double rate) =>
        new("echo", "C=100", system, trial, new() { [Metrics.RoundTripsPerSecond] = rate, [Metrics.P99Ms] = 1 }, []);
}
