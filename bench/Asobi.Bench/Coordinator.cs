using System.Globalization;
using Spectre.Console;

namespace Asobi.Bench;

/// <summary>
/// Runs every configuration for every system, trials interleaved (the order of the systems alternates each round),
/// then writes the tables, JSON and charts. Every process it starts is killed on the way out.
/// </summary>
internal static class Coordinator
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        void Progress(string line) => console.MarkupLine($"[grey]{DateTime.UtcNow:HH:mm:ss}[/] {Markup.Escape(line)}");

        var trials = options.Replot is { } earlier ? Report.FromJson(await File.ReadAllTextAsync(earlier, ct))
            : options.Scenarios.Any(s => s is not ("bus" or "match")) ? await MeasureAsync(options, Progress, ct)
            : [];
        var systems = options.Systems;
        var markdown = Report.Markdown(trials, systems);
        if (options.Scenarios.Contains("bus"))
        {
            markdown += await BusAsync(options, Progress, ct);
        }

        if (options.Scenarios.Contains("match"))
        {
            markdown += await MatchAsync(options, Progress, ct);
        }

        Directory.CreateDirectory(options.OutputDirectory);
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "results.md"), markdown, ct);
        if (options.Replot is null)
        {
            await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "results.json"), Report.Json(trials, Machine()), ct);
        }

        foreach (var chart in Report.Charts(trials, systems, options.OutputDirectory))
        {
            Progress("chart " + chart);
        }

        Console.Out.Write(markdown);
        return 0;
    }

    /// <summary>All trials; also used by the smoke test.</summary>
    public static async Task<List<TrialResult>> MeasureAsync(BenchOptions options, Action<string> progress, CancellationToken ct)
    {
        var root = RepoPaths.Root();
        var scenarios = new Scenarios(options, progress, ct);
        var results = new List<TrialResult>();
        var targets = new Dictionary<string, IBenchTarget>();
        try
        {
            if (options.Systems.Contains("asobi"))
            {
                targets["asobi"] = new AsobiTarget(options.NodeDll ?? RepoPaths.NodeDll(root), players: 50, serverGc: options.NodeGc == "server");
            }

            if (options.Systems.Contains("colyseus"))
            {
                if (await ColyseusTarget.PrepareAsync(RepoPaths.Peer(root)) is { } why)
                {
                    progress("Colyseus peer skipped: " + why);
                    results.Add(TrialResult.Unavailable("echo", "peer", "colyseus", 0, "Colyseus peer unavailable: " + why));
                }
                else
                {
                    targets["colyseus"] = new ColyseusTarget(RepoPaths.Peer(root));
                }
            }

            FloorTarget? floor = null;
            if (options.Systems.Contains(FloorTarget.SystemName) && (options.Scenarios.Contains("echo") || options.Scenarios.Contains("fanout")))
            {
                (floor, var why) = await FloorTarget.PrepareAsync(root, ct);
                if (why is not null)
                {
                    progress("floor skipped: " + why);
                    results.Add(TrialResult.Unavailable("echo", "floor", FloorTarget.SystemName, 0, "floor unavailable: " + why));
                }
            }

            for (var trial = 1; trial <= options.Trials; trial++)
            {
                // The floor runs first in odd trials and last in even ones, like the systems' own alternation.
                if (floor is not null && trial % 2 == 1)
                {
                    results.AddRange(await FloorAsync(options, floor, trial, progress, ct));
                }

                var order = trial % 2 == 1 ? targets.Values.ToList() : targets.Values.Reverse().ToList();
                foreach (var target in order)
                {
                    ct.ThrowIfCancellationRequested();
                    results.AddRange(await OneNodeAsync(options, scenarios, target, trial, progress, ct));
                }

                if (floor is not null && trial % 2 == 0)
                {
                    results.AddRange(await FloorAsync(options, floor, trial, progress, ct));
                }

                if (targets.TryGetValue("asobi", out var asobi) && (options.IdleClusterSocketsPerNode > 0 || (options.FanoutCluster && options.Scenarios.Contains("fanout"))))
                {
                    results.AddRange(await ClusterAsync(options, scenarios, asobi, trial, progress, ct));
                }
            }

            return results;
        }
        finally
        {
            foreach (var t in targets.Values)
            {
                await t.DisposeAsync();
            }

            ChildProcess.KillAll();
        }
    }

    private static async Task<List<TrialResult>> OneNodeAsync(BenchOptions o, Scenarios s, IBenchTarget target, int trial, Action<string> progress, CancellationToken ct)
    {
        var results = new List<TrialResult>();
        progress($"trial {trial}/{o.Trials}: starting {target.System} (1 node)");
        await target.StartAsync(1, ct);
        try
        {
            await s.WarmUpAsync(target);
            if (o.Scenarios.Contains("idle"))
            {
                for (var i = 0; i < o.IdleSockets.Count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    var n = o.IdleSockets[i];
                    if (i > 0)
                    {
                        // A fresh server per size: one that held the previous size keeps that memory (neither runtime
                        // returns it promptly), and the next size would be measured on top of it.
                        progress($"trial {trial}: restarting {target.System} for the next idle size");
                        await target.StopAsync();
                        await target.StartAsync(1, ct);
                        await s.WarmUpAsync(target);
                    }

                    progress($"trial {trial}: idle {target.System} {n:N0} sockets");
                    results.Add(await s.IdleAsync(target, n, $"{n:N0} sockets, 1 node", trial));
                }
            }

            if (o.Scenarios.Contains("echo"))
            {
                foreach (var c in o.EchoClients)
                {
                    ct.ThrowIfCancellationRequested();
                    progress($"trial {trial}: echo {target.System} C={c:N0}");
                    results.Add(await s.EchoAsync(target, c, $"C={c:N0}", trial));
                }
            }

            if (o.Scenarios.Contains("fanout"))
            {
                progress($"trial {trial}: fanout {target.System} {o.FanoutMembers:N0} members");
                results.AddRange(await s.FanoutAsync(target, o.FanoutMembers, $"{o.FanoutMembers:N0} members, 1 node", trial));
            }
        }
        finally
        {
            await target.StopAsync();
        }

        return results;
    }

    private static async Task<List<TrialResult>> FloorAsync(BenchOptions o, FloorTarget floor, int trial, Action<string> progress, CancellationToken ct)
    {
        var results = new List<TrialResult>();
        if (o.Scenarios.Contains("echo"))
        {
            foreach (var c in o.EchoClients)
            {
                ct.ThrowIfCancellationRequested();
                progress($"trial {trial}: echo floor C={c:N0}");
                results.Add(await floor.EchoAsync(c, o.EchoDuration, $"C={c:N0}", trial, ct));
            }
        }

        if (o.Scenarios.Contains("fanout"))
        {
            progress($"trial {trial}: fanout floor {o.FanoutMembers:N0} members");
            results.AddRange(await floor.FanoutAsync(o.FanoutMembers, o.FanoutRates, o.FanoutStep, $"{o.FanoutMembers:N0} members, 1 node", trial, ct));
        }

        return results;
    }

    private static async Task<List<TrialResult>> ClusterAsync(BenchOptions o, Scenarios s, IBenchTarget asobi, int trial, Action<string> progress, CancellationToken ct)
    {
        var results = new List<TrialResult>();
        progress($"trial {trial}/{o.Trials}: starting asobi (3 nodes)");
        await asobi.StartAsync(3, ct);
        try
        {
            await s.WarmUpAsync(asobi);
            if (o.IdleClusterSocketsPerNode > 0 && o.Scenarios.Contains("idle"))
            {
                var n = o.IdleClusterSocketsPerNode * 3;
                progress($"trial {trial}: idle asobi {n:N0} sockets over 3 nodes");
                results.Add(await s.IdleAsync(asobi, n, $"{n:N0} sockets, 3 nodes", trial));
            }

            if (o.FanoutCluster && o.Scenarios.Contains("fanout"))
            {
                progress($"trial {trial}: fanout asobi {o.FanoutMembers:N0} members over 3 nodes");
                results.AddRange(await s.FanoutAsync(asobi, o.FanoutMembers, $"{o.FanoutMembers:N0} members, 3 nodes", trial));
            }
        }
        finally
        {
            await asobi.StopAsync();
        }

        return results;
    }

    /// <summary>The cluster bus bench (its own tool, with its own table), run with the same trial count.</summary>
    private static async Task<string> BusAsync(BenchOptions options, Action<string> progress, CancellationToken ct)
    {
        progress("cluster bus bench (about 2.5 minutes at 3 trials)");
        var lines = await RunToolAsync("bus bench", RepoPaths.BusBenchDll(RepoPaths.Root()), ["--trials", Trials(options)], ct);
        return "#### Cluster bus (bench/Asobi.Bench.Bus)\n\n" + string.Join('\n', lines.Where(l => l.StartsWith('|'))) + "\n\n";
    }

    /// <summary>The matchmaker, tick-capacity and migration benches (their own tool, printed as it reports).</summary>
    private static async Task<string> MatchAsync(BenchOptions options, Action<string> progress, CancellationToken ct)
    {
        progress("matchmaker, tick and migration benches (several minutes at 3 trials)");
        var lines = await RunToolAsync("match bench", RepoPaths.MatchBenchDll(RepoPaths.Root()), ["all", "--trials", Trials(options)], ct);
        return "#### Matchmaker, ticks and migration (bench/Asobi.Bench.Match)\n\n```text\n" + string.Join('\n', lines) + "\n```\n\n";
    }

    private static string Trials(BenchOptions options) => options.Trials.ToString(CultureInfo.InvariantCulture);

    private static async Task<List<string>> RunToolAsync(string name, string dll, string[] args, CancellationToken ct)
    {
        var tool = ChildProcess.Start(name, RepoPaths.DotnetHost(), [dll, .. args]);
        try
        {
            await tool.WaitForExitAsync(ct); // returns once the output is read to the end
            return [.. tool.AllOutput];
        }
        finally
        {
            await tool.TerminateAsync();
        }
    }

    private static object Machine() => new
    {
        processors = Environment.ProcessorCount,
        os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        dotnet = Environment.Version.ToString(),
        load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null,
        utc = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
    };
}
