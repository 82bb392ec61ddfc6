namespace Asobi.Bench.Tests.Bench;

/// <summary>
/// Every scenario end to end at tiny sizes: real nodes on a private PostgreSQL, real load processes, the Colyseus peer
/// when Node.js and its packages are installed. Nothing about timing is asserted, only that each scenario produced figures
/// (or, for fan-out before chat exists, said it is unavailable) and that every started process is gone afterwards.
/// </summary>
public sealed class SmokeRunTests
{
    [Fact]
    public async Task Every_asobi_scenario_runs_at_tiny_sizes_and_leaves_no_process_behind()
    {
        var options = BenchOptions.Parse(["--smoke", "--systems", "asobi"]);

        var trials = await Coordinator.MeasureAsync(options, _ => { }, CancellationToken.None);

        var idle = Assert.Single(trials, t => t.Scenario == "idle");
        Assert.Equal(20, idle.Values[Metrics.Connected]);
        Assert.True(idle.Values[Metrics.RssAfterMiB] > 0);
        var echo = Assert.Single(trials, t => t.Scenario == "echo");
        Assert.True(echo.Values[Metrics.RoundTripsPerSecond] > 0);
        Assert.False(double.IsNaN(echo.Values[Metrics.P99Ms]));
        var fanout = Assert.Single(trials, t => t.Scenario == "fanout");
        Assert.True(
            fanout.Values.GetValueOrDefault(Metrics.SustainedDeliveriesPerSecond) > 0 || fanout.Flags.Any(f => f.Contains("unavailable in this build", StringComparison.Ordinal)),
            string.Join("; ", fanout.Flags));
        Assert.Equal(0, ChildProcess.RunningCount);
    }

    [SkippableFact]
    public async Task Every_colyseus_scenario_runs_at_tiny_sizes_when_the_peer_is_installed()
    {
        var peer = RepoPaths.Peer(RepoPaths.Root());
        Skip.IfNot(Directory.Exists(Path.Combine(peer, "node_modules", "@colyseus", "core")), "the Colyseus peer's packages are not installed (npm ci in bench/peers/colyseus)");
        var options = BenchOptions.Parse(["--smoke", "--systems", "colyseus"]);

        var trials = await Coordinator.MeasureAsync(options, _ => { }, CancellationToken.None);

        Assert.Equal(20, Assert.Single(trials, t => t.Scenario == "idle").Values[Metrics.Connected]);
        Assert.True(Assert.Single(trials, t => t.Scenario == "echo").Values[Metrics.RoundTripsPerSecond] > 0);
        Assert.True(Assert.Single(trials, t => t.Scenario == "fanout").Values[Metrics.SustainedDeliveriesPerSecond] > 0);
        Assert.Equal(0, ChildProcess.RunningCount);
    }

    [SkippableFact]
    public async Task The_floor_runs_echo_and_fanout_at_tiny_sizes_when_a_c_compiler_is_present()
    {
        var options = BenchOptions.Parse(["--smoke", "--systems", "floor", "--scenarios", "echo,fanout"]);

        var trials = await Coordinator.MeasureAsync(options, _ => { }, CancellationToken.None);

        var unavailable = trials.FirstOrDefault(t => t.Flags.Any(f => f.StartsWith("floor unavailable", StringComparison.Ordinal)));
        Skip.If(unavailable is not null && unavailable.Flags.Any(f => f.Contains("no C compiler", StringComparison.Ordinal)), "no C compiler here");
        Assert.Null(unavailable);
        var echo = Assert.Single(trials, t => t.Scenario == "echo");
        Assert.Equal(FloorTarget.SystemName, echo.System);
        Assert.True(echo.Values[Metrics.RoundTripsPerSecond] > 0);
        Assert.True(echo.Values[Metrics.CpuMicrosPerOp] >= 0);
        var steps = trials.Where(t => t.Scenario == "fanout-step").ToList();
        Assert.Equal(2, steps.Count);
        Assert.All(steps, s => Assert.True(s.Values[Metrics.DeliveredPercent] >= 98, $"{s.Config}: {s.Values[Metrics.DeliveredPercent]} %"));
        Assert.True(Assert.Single(trials, t => t.Scenario == "fanout").Values[Metrics.SustainedDeliveriesPerSecond] > 0);
        Assert.Equal(0, ChildProcess.RunningCount);
    }
}
