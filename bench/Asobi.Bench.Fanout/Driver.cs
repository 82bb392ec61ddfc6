using System.Diagnostics;
using System.Globalization;
using Asobi.Testing;

namespace Asobi.Bench.Fanout;

/// <summary>
/// Starts a private PostgreSQL and three node processes, connects two sets of member sockets — one set all on node 0
/// ("1 node"), one spread round-robin over the three ("3 nodes"), each set in its own channel — and runs paced trials,
/// configurations interleaved and rotated each round. The sender is on node 0 in both.
/// </summary>
internal static class Driver
{
    public static async Task<int> RunAsync(BenchArguments args)
    {
        Progress("starting a private PostgreSQL server");
        await using var pg = await TestPostgres.StartNewAsync();
        var cs = await pg.CreateDatabaseAsync("fanout");
        var nodes = new List<NodeProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                nodes.Add(await NodeProcess.StartAsync(cs, i));
            }

            Progress($"3 nodes up; registering {args.Players} players");
            using var http = new HttpClient { BaseAddress = nodes[0].BaseUri, Timeout = TimeSpan.FromSeconds(60) };
            var api = new AsobiApiClient(http);
            var players = new List<Player>();
            foreach (var chunk in Enumerable.Range(0, args.Players + 1).Chunk(4))
            {
                players.AddRange(await Task.WhenAll(chunk.Select(_ => api.RegisterAsync())));
            }

            var sender = players[^1];
            var configs = new List<(string Name, string Channel, Member Sender)>();
            var members = new List<Member>();
            foreach (var (name, spread) in new[] { ("1 node", false), ("3 nodes", true) })
            {
                var channel = "global:bench-" + (spread ? "three" : "one");
                for (var i = 0; i < args.Members; i++)
                {
                    var node = spread ? nodes[i % 3] : nodes[0];
                    members.Add(await Member.ConnectAsync(node.WsUrl, players[i % args.Players].AccessToken, channel));
                }

                var s = await Member.ConnectAsync(nodes[0].WsUrl, sender.AccessToken, channel);
                configs.Add((name, channel, s));
                Progress($"{name}: {args.Members} members joined {channel}");
            }

            var loops = members.Select(m => Task.Run(() => m.ReadLoopAsync())).Concat(configs.Select(c => Task.Run(() => c.Sender.ReadLoopAsync(count: false)))).ToList();

            var trialId = 0;
            var plan = configs.SelectMany(c => args.Rates.Select(r => (c.Name, c.Channel, c.Sender, Rate: r))).ToList();
            Progress("warming up");
            await RunTrialAsync(++trialId, plan[0].Channel, plan[0].Sender, 10_000, args.Members, TimeSpan.FromSeconds(3), nodes);

            var results = new List<(string Config, int Rate, TrialResult Result)>();
            for (var round = 0; round < args.Trials; round++)
            {
                var order = plan.Skip(round).Concat(plan.Take(round)).ToList();
                foreach (var (name, channel, s, rate) in order)
                {
                    var r = await RunTrialAsync(++trialId, channel, s, rate, args.Members, args.Duration, nodes);
                    results.Add((name, rate, r));
                    Progress(string.Create(CultureInfo.InvariantCulture,
                        $"round {round + 1} {name} {rate:N0}/s offered: {r.DeliveredPerSecond:N0}/s delivered, p50 {r.P50:F1} ms, p99 {r.P99:F1} ms, lost {r.Lost:N0}, slow consumers closed {r.SlowConsumers}, driver {r.DriverCores:F2} cores, nodes {r.NodeCores:F2} cores"));
                }
            }

            Console.WriteLine(Table(results, plan.Select(p => (p.Name, p.Rate)).ToList(), args));
            Member.Stopping = true;
            foreach (var m in members)
            {
                m.Dispose();
            }

            foreach (var c in configs)
            {
                c.Sender.Dispose();
            }

            await Task.WhenAny(Task.WhenAll(loops), Task.Delay(2000));
            return 0;
        }
        finally
        {
            nodes.ForEach(n => n.Dispose());
        }
    }

    private static async Task<TrialResult> RunTrialAsync(int trial, string channel, Member sender, int rate, int members, TimeSpan duration, List<NodeProcess> nodes)
    {
        var sink = new Sink(trial);
        var closedBefore = Member.ClosedByServer;
        Member.Current = sink;
        var perSecond = (double)rate / members;
        var self = Process.GetCurrentProcess();
        var driverCpu = self.TotalProcessorTime;
        var nodeCpu = nodes.Sum(n => n.Cpu.TotalMilliseconds);
        var start = Stopwatch.GetTimestamp();
        long sent = 0;
        while (true)
        {
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (elapsed >= duration)
            {
                break;
            }

            var due = (long)(elapsed.TotalSeconds * perSecond);
            while (sent < due)
            {
                await sender.SendAsync($$$"""{"type":"chat.send","payload":{"channel_id":"{{{channel}}}","content":"{{{trial}}}:{{{Stopwatch.GetTimestamp()}}}"}}""");
                sent++;
            }

            await Task.Delay(1);
        }

        var wall = Stopwatch.GetElapsedTime(start);
        self.Refresh();
        var driverCores = (self.TotalProcessorTime - driverCpu).TotalMilliseconds / wall.TotalMilliseconds;
        var nodeCores = (nodes.Sum(n => n.Cpu.TotalMilliseconds) - nodeCpu) / wall.TotalMilliseconds;

        // Let in-flight deliveries land (bounded), then stop counting.
        var expected = sent * members;
        var drainUntil = DateTime.UtcNow.AddSeconds(5);
        while (sink.Count < expected && DateTime.UtcNow < drainUntil)
        {
            await Task.Delay(50);
        }

        Member.Current = null;
        var span = Stopwatch.GetElapsedTime(start, Math.Max(sink.LastAt, start + 1)).TotalSeconds;
        return new TrialResult(sent, sink.Count, expected - sink.Count, sink.Count / Math.Max(span, 0.001), sink.PercentileMs(50), sink.PercentileMs(99), driverCores, nodeCores, Member.ClosedByServer - closedBefore);
    }

    private static string Table(List<(string Config, int Rate, TrialResult Result)> results, List<(string Name, int Rate)> plan, BenchArguments args)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{args.Members} member sockets ({args.Players} players), {args.Trials} trials of {args.Duration.TotalSeconds:F0} s per row; median [min–max]; {Environment.ProcessorCount} cores"),
            "",
            "| members on | offered deliveries/s | delivered/s | p50 ms | p99 ms | lost | sockets closed slow | driver CPU (cores) | nodes CPU (cores) |",
            "|---|---|---|---|---|---|---|---|---|",
        };
        foreach (var (name, rate) in plan)
        {
            var rows = results.Where(r => r.Config == name && r.Rate == rate).Select(r => r.Result).ToList();
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {rate:N0} | {Stat(rows, r => r.DeliveredPerSecond, "N0")} | {Stat(rows, r => r.P50, "F1")} | {Stat(rows, r => r.P99, "F1")} | {rows.Sum(r => r.Lost):N0} | {rows.Sum(r => r.SlowConsumers):N0} | {Stat(rows, r => r.DriverCores, "F2")} | {Stat(rows, r => r.NodeCores, "F2")} |"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Stat(List<TrialResult> rows, Func<TrialResult, double> f, string format)
    {
        var v = rows.Select(f).Where(x => !double.IsNaN(x)).Order().ToList();
        if (v.Count == 0)
        {
            return "–";
        }

        var median = v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{median.ToString(format, CultureInfo.InvariantCulture)} [{v[0].ToString(format, CultureInfo.InvariantCulture)}–{v[^1].ToString(format, CultureInfo.InvariantCulture)}]");
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}

internal sealed record TrialResult(long Sent, long Received, long Lost, double DeliveredPerSecond, double P50, double P99, double DriverCores, double NodeCores, long SlowConsumers);
