namespace Asobi.Bench;

/// <summary>The three scenarios, each run the same way against either system.</summary>
internal sealed class Scenarios(BenchOptions options, Action<string> progress, CancellationToken ct)
{
    private const double MiB = 1024 * 1024;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// A few sockets and round trips so the first measured trial does not pay for JIT and first-use allocations: ten
    /// per server process, so every node of a cluster is as warm as a lone node (sockets go round-robin over nodes).
    /// </summary>
    public async Task WarmUpAsync(IBenchTarget target)
    {
        await using var load = await LoadGroup.StartAsync(target, "echo", 10 * Math.Max(1, target.ServerPids.Count), "echo", options.SocketsPerClient, 1, 2);
        await load.AllAsync("run 1", CommandTimeout);
    }

    public async Task<TrialResult> IdleAsync(IBenchTarget target, int sockets, string config, int trial)
    {
        await Task.Delay(1000, ct);
        var before = ProcessStats.Read(target.ServerPids);
        await using var load = await LoadGroup.StartAsync(target, "idle", sockets, "idle", options.SocketsPerClient, 1, 2);
        progress($"{load.Connected:N0} sockets connected ({load.Failed} failed); holding {options.IdleHold.TotalSeconds:0} s");
        var window = new Window(target, load);
        await Task.Delay(options.IdleHold, ct);
        var m = window.End();
        var flags = m.Flags;
        if (load.Failed > 0)
        {
            flags.Add($"{load.Failed} sockets failed to connect: {load.FirstError}");
        }

        return new TrialResult("idle", config, target.System, trial, new()
        {
            [Metrics.Connected] = load.Connected,
            [Metrics.RssBeforeMiB] = before.RssBytes / MiB,
            [Metrics.RssAfterMiB] = m.RssAfter / MiB,
            [Metrics.KiBPerSocket] = load.Connected == 0 ? double.NaN : (m.RssAfter - before.RssBytes) / 1024.0 / load.Connected,
            [Metrics.IdleCpuPercent] = 100 * m.ServerCpuSeconds / m.Seconds,
            [Metrics.LoadCpuCores] = m.LoadCores,
        }, flags);
    }

    public async Task<TrialResult> EchoAsync(IBenchTarget target, int clients, string config, int trial)
    {
        await using var load = await LoadGroup.StartAsync(target, "echo", clients, "echo", options.SocketsPerClient, 2, 2);
        var window = new Window(target, load);
        var results = await load.AllAsync(FormattableString.Invariant($"run {options.EchoDuration.TotalSeconds}"), CommandTimeout);
        var m = window.End();
        var latency = Merge(results);
        var flags = m.Flags;
        var errors = results.Sum(r => r.Errors);
        if (errors > 0 || load.Failed > 0)
        {
            flags.Add($"{errors} errors, {load.Failed} sockets failed to connect");
        }

        return new TrialResult("echo", config, target.System, trial, new()
        {
            [Metrics.RoundTripsPerSecond] = latency.Count / options.EchoDuration.TotalSeconds,
            [Metrics.P50Ms] = latency.PercentileMs(50),
            [Metrics.P99Ms] = latency.PercentileMs(99),
            [Metrics.CpuMicrosPerOp] = latency.Count == 0 ? double.NaN : m.ServerCpuSeconds * 1e6 / latency.Count,
            [Metrics.LoadCpuCores] = m.LoadCores,
            [Metrics.MachineBusyPercent] = m.MachineBusyPercent,
        }, flags);
    }

    /// <summary>Steps up the sender's rate until fewer than 98 % of deliveries arrive; returns the steps and the summary.</summary>
    public async Task<List<TrialResult>> FanoutAsync(IBenchTarget target, int members, string config, int trial)
    {
        var room = "fanout" + trial;
        await using var receivers = await LoadGroup.StartAsync(target, "member", members, room, options.SocketsPerClient, 2, 2);
        if (receivers.Unavailable is { } why)
        {
            return [TrialResult.Unavailable("fanout", config, target.System, trial, why)];
        }

        await using var sender = await LoadGroup.StartAsync(target, "sender", 1, room, 1, 1, 9);
        if (sender.Unavailable is { } senderWhy)
        {
            return [TrialResult.Unavailable("fanout", config, target.System, trial, senderWhy)];
        }

        // One unrecorded second at the first rate: every server starts fresh per trial, and the first messages
        // through a path pay for its just-in-time compilation (on each node, across 3) — not what a step measures.
        await sender.AllAsync(FormattableString.Invariant($"step 0 {options.FanoutRates[0]} 1"), CommandTimeout);
        await Task.Delay(1500, ct);
        await receivers.AllAsync("report 0", CommandTimeout);

        var results = new List<TrialResult>();
        var best = (Rate: 0.0, P50: double.NaN, P99: double.NaN, Cpu: double.NaN);
        for (var index = 0; index < options.FanoutRates.Count; index++)
        {
            ct.ThrowIfCancellationRequested();
            var step = index + 1;
            var rate = options.FanoutRates[index];
            var window = new Window(target, receivers, sender);
            var sendResults = await sender.AllAsync(FormattableString.Invariant($"step {step} {rate} {options.FanoutStep.TotalSeconds}"), CommandTimeout);
            var sent = sendResults.Sum(r => r.Sent);
            var sendErrors = sendResults.Sum(r => r.Errors);
            await Task.Delay(1500, ct);
            var reports = await receivers.AllAsync($"report {step}", CommandTimeout);
            var m = window.End();
            var latency = Merge(reports);
            var expected = sent * receivers.Connected;
            var delivered = latency.Count;
            var percent = expected == 0 ? 0 : 100.0 * delivered / expected;
            var perSecond = delivered / options.FanoutStep.TotalSeconds;
            var cpu = delivered == 0 ? double.NaN : m.ServerCpuSeconds * 1e6 / delivered;
            progress($"step {rate} msg/s × {receivers.Connected} members: {perSecond:N0} deliveries/s, {percent:0.0} % delivered, p99 {latency.PercentileMs(99):0.00} ms");
            results.Add(new TrialResult("fanout-step", $"{config}, {rate} msg/s", target.System, trial, new()
            {
                [Metrics.DeliveriesPerSecond] = perSecond,
                [Metrics.DeliveredPercent] = percent,
                [Metrics.P50Ms] = latency.PercentileMs(50),
                [Metrics.P99Ms] = latency.PercentileMs(99),
                [Metrics.CpuMicrosPerOp] = cpu,
                [Metrics.LoadCpuCores] = m.LoadCores,
                [Metrics.MachineBusyPercent] = m.MachineBusyPercent,
            }, sendErrors > 0 ? [.. m.Flags, $"{sendErrors} sends refused or failed"] : m.Flags));
            if (percent < 98)
            {
                break;
            }

            best = (perSecond, latency.PercentileMs(50), latency.PercentileMs(99), cpu);
        }

        results.Add(new TrialResult("fanout", config, target.System, trial, new()
        {
            [Metrics.SustainedDeliveriesPerSecond] = best.Rate,
            [Metrics.P50Ms] = best.P50,
            [Metrics.P99Ms] = best.P99,
            [Metrics.CpuMicrosPerOp] = best.Cpu,
        }, [.. results.SelectMany(r => r.Flags).Distinct()]));
        return results;
    }

    private static LatencyHistogram Merge(IEnumerable<ClientEvent> results)
    {
        var all = new LatencyHistogram();
        foreach (var r in results)
        {
            if (r.Error is { } e)
            {
                throw new InvalidOperationException("a load process failed: " + e);
            }

            all.Add(LatencyHistogram.FromPairs(r.Hist));
        }

        return all;
    }
}
