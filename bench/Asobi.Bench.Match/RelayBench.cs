using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Asobi.Testing;

namespace Asobi.Bench.Match;

/// <summary>
/// Relay latency and CPU: three real nodes on one database, N matches of the 4-player mode <c>demo4</c> (the demo game,
/// 10 Hz), each hosted on one node with two players there (one of them the reference, a migrated client) and two
/// players on the other two nodes. In the relayed run those two do not declare <c>migrate</c> and play through their
/// own node; in the baseline run the same players are connected to the host directly. Every tick's
/// <c>match.state</c> carries <c>elapsed_ms</c>, so the arrival of one tick's frame at a player is compared with its
/// arrival at the reference client of the same match, on the same clock. The process's CPU over the window, relayed
/// minus baseline, divided by the relayed frames delivered, is the extra CPU per relayed frame.
/// </summary>
internal static class RelayBench
{
    private const int Seats = 4;
    private static readonly byte[] StatePrefix = Encoding.UTF8.GetBytes("{\"type\":\"match.state\"");
    private static readonly byte[] ElapsedKey = Encoding.UTF8.GetBytes("\"elapsed_ms\":");

    // flushMs: the nodes' relay flush interval in ms; negative keeps the default.
    public static async Task RunAsync(TestPostgres pg, int[] matchCounts, int trials, TimeSpan window, int flushMs)
    {
        Console.WriteLine($"Relay: {Seats}-player demo matches at 10 Hz on 3 nodes, 2 players per match away from the host; {trials} interleaved trials, {window.TotalSeconds:F0} s windows; relay flush interval {(flushMs < 0 ? "default" : flushMs + " ms")}");
        var cs = await pg.CreateDatabaseAsync("relaybench");
        // One mode per host node, so find_or_create never finds another node's match still filling up.
        var settings = new Dictionary<string, string?>
        {
            ["Asobi:Matches:MaxMatches"] = "10000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (flushMs >= 0)
        {
            settings["Asobi:Matches:RelayFlushInterval"] = TimeSpan.FromMilliseconds(flushMs).ToString();
        }

        for (var h = 0; h < 3; h++)
        {
            settings[$"Asobi:Modes:demo4-{h}:Game"] = "demo";
            settings[$"Asobi:Modes:demo4-{h}:MatchSize"] = Seats.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"Asobi:Modes:demo4-{h}:TickRate"] = "10";
        }

        var nodes = new List<NodeHost>();
        for (var i = 0; i < 3; i++)
        {
            nodes.Add(await NodeHost.StartAsync(cs, settings));
        }

        try
        {
            var players = await RegisterAsync(nodes, matchCounts.Max() * Seats);
            foreach (var matches in matchCounts)
            {
                var added = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
                var addedP99 = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
                var cpu = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
                var frames = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
                for (var trial = 0; trial < trials; trial++)
                {
                    // Interleaved: relayed then baseline in odd trials, the other way round in even ones.
                    foreach (var relayed in trial % 2 == 0 ? new[] { true, false } : [false, true])
                    {
                        var r = await RunOnceAsync(nodes, players, matches, relayed, window);
                        added[relayed].Add(r.P50);
                        addedP99[relayed].Add(r.P99);
                        cpu[relayed].Add(r.CpuSeconds);
                        frames[relayed].Add(r.AwayFrames);
                        Console.WriteLine($"  {matches} matches, {(relayed ? "relayed " : "baseline")} trial {trial + 1}: away players' frames {r.AwayFrames:N0} " +
                            $"({r.AwayFrames / window.TotalSeconds:N0}/s), behind the reference p50 {r.P50:F2} ms p99 {r.P99:F2} ms max {r.Max:F2} ms, " +
                            $"process CPU {r.CpuSeconds:F2} s, relayed seats {r.RelayedSeats}");
                    }
                }

                var extraCpu = Enumerable.Range(0, trials)
                    .Select(t => (cpu[true][t] - cpu[false][t]) / Math.Max(1, frames[true][t]) * 1e6).ToList();
                Console.WriteLine($"  {matches} matches: behind the migrated reference, relayed p50 {Stats.Summary(added[true], "F2")} ms, p99 {Stats.Summary(addedP99[true], "F2")} ms; " +
                    $"migrated (baseline) p50 {Stats.Summary(added[false], "F2")} ms, p99 {Stats.Summary(addedP99[false], "F2")} ms; " +
                    $"extra CPU per relayed frame {Stats.Summary(extraCpu, "F2")} µs");
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static async Task<List<(Player Player, int Home)>> RegisterAsync(List<NodeHost> nodes, int count)
    {
        var players = new (Player, int)[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            players[i] = (await nodes[i % nodes.Count].Api.RegisterAsync(), i % nodes.Count));
        return [.. players];
    }

    private static async Task<Result> RunOnceAsync(List<NodeHost> nodes, List<(Player Player, int Home)> players, int matches, bool relayed, TimeSpan window)
    {
        var clients = new List<Client>();
        try
        {
            // Match i is hosted on node i % 3: its creator and the reference join there, the two others on the other
            // nodes. find_or_create joins an open match of the mode, so each node's matches are filled one after another.
            var setup = new Client[matches][];
            await Task.WhenAll(Enumerable.Range(0, nodes.Count).Select(async h =>
            {
                for (var i = h; i < matches; i += nodes.Count)
                {
                    await SetUpAsync(i);
                }
            }));

            async Task SetUpAsync(int i)
            {
                var host = i % nodes.Count;
                var seats = new Client[Seats];
                seats[0] = await Client.ConnectAsync(nodes[host].WsUrl, players[(i * Seats) + 0].Player, migrates: true);
                var matchId = await seats[0].CreateAsync($"demo4-{host}");
                for (var s = 1; s < Seats; s++)
                {
                    var away = s >= 2;
                    var node = away && relayed ? (host + s - 1) % nodes.Count : host;
                    seats[s] = await Client.ConnectAsync(nodes[node].WsUrl, players[(i * Seats) + s].Player, migrates: !away || !relayed);
                    await seats[s].JoinAsync(matchId);
                }

                setup[i] = seats;
            }

            clients.AddRange(setup.SelectMany(s => s));

            await Task.Delay(TimeSpan.FromSeconds(2)); // settle: every match ticking, every client reading
            foreach (var c in clients)
            {
                c.Recording = true;
            }

            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(window);
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
            foreach (var c in clients)
            {
                c.Recording = false;
            }

            var behind = new List<double>();
            long awayFrames = 0;
            foreach (var seats in setup)
            {
                var reference = seats[1].Arrivals.ToDictionary(a => a.Elapsed, a => a.At);
                for (var s = 2; s < Seats; s++)
                {
                    awayFrames += seats[s].Arrivals.Count;
                    foreach (var (elapsed, at) in seats[s].Arrivals)
                    {
                        if (reference.TryGetValue(elapsed, out var refAt))
                        {
                            behind.Add(Stopwatch.GetElapsedTime(refAt, at).TotalMilliseconds);
                        }
                    }
                }
            }

            behind.Sort();
            var relayedSeats = nodes.Sum(n => n.Service<Asobi.Node.Matches.Relay.RelaySeats>().Count);
            return new Result(Percentile(behind, 0.5), Percentile(behind, 0.99), behind.Count == 0 ? double.NaN : behind[^1], cpu, awayFrames, relayedSeats);
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.LeaveAndCloseAsync()));
            await Task.Delay(TimeSpan.FromSeconds(1)); // the emptied matches end at their next tick
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * p) - 1, 0, sorted.Count - 1)];

    private sealed record Result(double P50, double P99, double Max, double CpuSeconds, long AwayFrames, int RelayedSeats);

    /// <summary>One player's socket: reads every frame and, while recording, notes when each tick's state arrived.</summary>
    private sealed class Client : IDisposable
    {
        private readonly ClientWebSocket socket = new();
        private readonly TaskCompletionSource<string> reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task reader = Task.CompletedTask;

        public bool Migrates { get; private init; }

        public void Dispose() => socket.Dispose();

        public volatile bool Recording;

        public List<(long Elapsed, long At)> Arrivals { get; } = [];

        public static async Task<Client> ConnectAsync(string url, Player player, bool migrates)
        {
            var client = new Client { Migrates = migrates };
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await client.socket.ConnectAsync(new Uri(url), cts.Token);
            var features = migrates ? ",\"features\":[\"migrate\"]" : "";
            await client.SendAsync($"{{\"type\":\"session.connect\",\"payload\":{{\"token\":\"{player.AccessToken}\"{features}}},\"cid\":\"c\"}}");
            var buffer = new byte[4096];
            var result = await client.socket.ReceiveAsync(buffer, cts.Token);
            if (!Encoding.UTF8.GetString(buffer, 0, result.Count).Contains("session.connected", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("session.connect failed");
            }

            client.reader = client.ReadAsync();
            return client;
        }

        public async Task<string> CreateAsync(string mode)
        {
            await SendAsync($"{{\"type\":\"match.find_or_create\",\"payload\":{{\"mode\":\"{mode}\"}},\"cid\":\"j\"}}");
            var joined = await reply.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (!joined.StartsWith("{\"type\":\"match.joined\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"find_or_create failed: {joined}");
            }

            var at = joined.IndexOf("\"match_id\":\"", StringComparison.Ordinal) + 12;
            return joined[at..joined.IndexOf('"', at)];
        }

        public async Task JoinAsync(string matchId)
        {
            await SendAsync($"{{\"type\":\"match.join\",\"payload\":{{\"match_id\":\"{matchId}\"}},\"cid\":\"j\"}}");
            var answer = await reply.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (!answer.StartsWith("{\"type\":\"match.joined\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"join failed: {answer}");
            }
        }

        public async Task LeaveAndCloseAsync()
        {
            try
            {
                await SendAsync("{\"type\":\"match.leave\",\"payload\":{}}");
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
                await reader.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
            {
            }
            finally
            {
                socket.Dispose();
            }
        }

        private Task SendAsync(string text) => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

        private async Task ReadAsync()
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var length = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                        length += result.Count;
                    }
                    while (!result.EndOfMessage && length < buffer.Length);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    var at = Stopwatch.GetTimestamp();
                    var frame = buffer.AsSpan(0, length);
                    if (frame.StartsWith(StatePrefix))
                    {
                        if (Recording && frame.IndexOf(ElapsedKey) is var k and >= 0)
                        {
                            var rest = frame[(k + ElapsedKey.Length)..];
                            var end = rest.IndexOfAny((byte)',', (byte)'}');
                            if (System.Buffers.Text.Utf8Parser.TryParse(rest[..end], out double elapsed, out _))
                            {
                                Arrivals.Add(((long)elapsed, at));
                            }
                        }
                    }
                    else if (frame.IndexOf("\"cid\":\"j\""u8) >= 0)
                    {
                        reply.TrySetResult(Encoding.UTF8.GetString(frame));
                    }
                }
            }
            catch (WebSocketException)
            {
            }
        }
    }
}
