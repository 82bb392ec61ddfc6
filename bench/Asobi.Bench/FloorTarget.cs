using System.Globalization;
using System.Text.Json;

namespace Asobi.Bench;

/// <summary>
/// The kernel's floor (<c>bench/floor/floor.c</c>): one-thread epoll servers that only move bytes, with their own
/// load clients, run in the same trials and shapes as echo and fan-out. They bound what any server can reach on this
/// machine: CPU per operation at or below theirs means doing less work per message than bare TCP does. Compiled
/// with the system's C compiler on first use; without one the rows say so.
/// </summary>
internal sealed class FloorTarget
{
    public const string SystemName = "floor";
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(60);
    private static readonly string[] Compilers = ["cc", "gcc", "clang"];
    private readonly string binary;

    private FloorTarget(string binary) => this.binary = binary;

    /// <summary>Compiles the floor programs; null and the reason when that is not possible here.</summary>
    public static async Task<(FloorTarget? Target, string? Why)> PrepareAsync(string root, CancellationToken ct)
    {
        var source = Path.Combine(root, "bench", "floor", "floor.c");
        if (!File.Exists(source))
        {
            return (null, source + " is missing");
        }

        var compiler = Compilers.FirstOrDefault(OnPath);
        if (compiler is null)
        {
            return (null, "no C compiler (cc, gcc or clang) on PATH");
        }

        var dir = Path.Combine(Path.GetTempPath(), "asobi-bench-floor");
        Directory.CreateDirectory(dir);
        var binary = Path.Combine(dir, "floor");
        var build = ChildProcess.Start("floor build", compiler, ["-O2", "-o", binary, source]);
        await build.WaitForExitAsync(ct);
        var code = build.ExitCode;
        var output = build.RecentOutput;
        await build.TerminateAsync();
        if (code != 0 || !File.Exists(binary))
        {
            return (null, $"{compiler} failed on floor.c ({code}): {output}");
        }

        return (new FloorTarget(binary), null);
    }

    public async Task<TrialResult> EchoAsync(int clients, TimeSpan duration, string config, int trial, CancellationToken ct)
    {
        var lines = await RunPairAsync("echo", [clients.ToString(CultureInfo.InvariantCulture), Seconds(duration)], duration + Slack, ct);
        var m = Parse(lines.Single());
        return new TrialResult("echo", config, SystemName, trial, new()
        {
            [Metrics.RoundTripsPerSecond] = m.Ops / m.Seconds,
            [Metrics.P50Ms] = m.P50,
            [Metrics.P99Ms] = m.P99,
            [Metrics.CpuMicrosPerOp] = m.Ops == 0 ? double.NaN : m.ServerCpu * 1e6 / m.Ops,
            [Metrics.LoadCpuCores] = m.LoadCores,
            [Metrics.MachineBusyPercent] = m.Busy,
        }, []);
    }

    /// <summary>The same ladder as the fan-out scenario; a step counts the 1.5 s after sending, like the others.</summary>
    public async Task<List<TrialResult>> FanoutAsync(int members, IReadOnlyList<int> rates, TimeSpan step, string config, int trial, CancellationToken ct)
    {
        var rateList = string.Join(',', rates.Select(r => r.ToString(CultureInfo.InvariantCulture)));
        var budget = TimeSpan.FromTicks(step.Ticks * rates.Count) + TimeSpan.FromSeconds(2 * rates.Count) + Slack;
        var lines = await RunPairAsync("fanout", [members.ToString(CultureInfo.InvariantCulture), Seconds(step), rateList], budget, ct);
        var results = new List<TrialResult>();
        var best = (Rate: 0.0, P50: double.NaN, P99: double.NaN, Cpu: double.NaN);
        foreach (var line in lines)
        {
            var m = Parse(line);
            var expected = m.Sent * m.Members;
            var percent = expected == 0 ? 0 : 100.0 * m.Ops / expected;
            var perSecond = m.Ops / step.TotalSeconds;
            var cpu = m.Ops == 0 ? double.NaN : m.ServerCpu * 1e6 / m.Ops;
            results.Add(new TrialResult("fanout-step", FormattableString.Invariant($"{config}, {m.Rate} msg/s"), SystemName, trial, new()
            {
                [Metrics.DeliveriesPerSecond] = perSecond,
                [Metrics.DeliveredPercent] = percent,
                [Metrics.P50Ms] = m.P50,
                [Metrics.P99Ms] = m.P99,
                [Metrics.CpuMicrosPerOp] = cpu,
                [Metrics.LoadCpuCores] = m.LoadCores,
                [Metrics.MachineBusyPercent] = m.Busy,
            }, []));
            if (percent >= 98)
            {
                best = (perSecond, m.P50, m.P99, cpu);
            }
        }

        results.Add(new TrialResult("fanout", config, SystemName, trial, new()
        {
            [Metrics.SustainedDeliveriesPerSecond] = best.Rate,
            [Metrics.P50Ms] = best.P50,
            [Metrics.P99Ms] = best.P99,
            [Metrics.CpuMicrosPerOp] = best.Cpu,
        }, []));
        return results;
    }

    /// <summary>Starts a server, runs its client to the end and returns the client's JSON lines.</summary>
    private async Task<List<string>> RunPairAsync(string scenario, string[] clientArgs, TimeSpan timeout, CancellationToken ct)
    {
        var port = Ports.Free();
        var server = ChildProcess.Start($"floor {scenario} server", binary, [scenario + "-server", port.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            await Ports.WaitListeningAsync(port, server, TimeSpan.FromSeconds(10), ct);
            string[] args = [scenario + "-client", port.ToString(CultureInfo.InvariantCulture), server.Pid.ToString(CultureInfo.InvariantCulture), .. clientArgs];
            var client = ChildProcess.Start($"floor {scenario} client", binary, args);
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(timeout);
                await client.WaitForExitAsync(limit.Token);
                var lines = client.AllOutput.Where(l => l.StartsWith('{')).ToList();
                return client.ExitCode == 0 && lines.Count > 0
                    ? lines
                    : throw new InvalidOperationException($"the floor client failed ({client.ExitCode}):\n{client.RecentOutput}");
            }
            finally
            {
                await client.TerminateAsync();
            }
        }
        finally
        {
            await server.TerminateAsync();
        }
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(CultureInfo.InvariantCulture);

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));

    internal static FloorLine Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        double Get(string name) => r.TryGetProperty(name, out var v) ? v.GetDouble() : 0;
        return new FloorLine(Get("ops"), Get("seconds"), Get("p50_ms"), Get("p99_ms"), Get("server_cpu_s"), Get("load_cpu_cores"), Get("machine_busy_percent"), Get("rate"), Get("sent"), Get("members"));
    }

    internal readonly record struct FloorLine(double Ops, double Seconds, double P50, double P99, double ServerCpu, double LoadCores, double Busy, double Rate, double Sent, double Members);
}
