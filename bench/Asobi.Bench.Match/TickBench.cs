using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Asobi.Matchmaking;
using Asobi.Node.Matches;
using Asobi.Node.Matches.Games;
using HdrHistogram;

namespace Asobi.Bench.Match;

/// <summary>N demo matches × 4 bot players at 10 Hz on this process: tick lag and duration percentiles.</summary>
internal static class TickBench
{
    private static readonly JsonElement[] Inputs =
    [
        JsonSerializer.SerializeToElement(new { move_x = 1, move_y = 0 }),
        JsonSerializer.SerializeToElement(new { move_x = -1, move_y = 1 }),
        JsonSerializer.SerializeToElement(new { move_x = 0, move_y = -1 }),
    ];

    public static async Task RunAsync(int[] counts, int trials, TimeSpan measure)
    {
        Console.WriteLine($"Tick capacity: demo matches × 4 bots sending one input each per tick, 10 Hz, {measure.TotalSeconds:F0} s measured after 2 s warm-up, {trials} trials interleaved");
        var results = counts.ToDictionary(c => c, _ => new List<(double P50, double P99, double Max, double TickP99, double Rate)>());
        for (var trial = 0; trial < trials; trial++)
        {
            foreach (var count in counts)
            {
                var r = await TrialAsync(count, measure);
                results[count].Add(r);
                Console.WriteLine($"  trial {trial + 1} {count,5} matches: lag p50 {r.P50:F2} ms, p99 {r.P99:F2} ms, max {r.Max:F1} ms; tick p99 {r.TickP99:F3} ms; {r.Rate:F0} ticks/s");
            }
        }

        foreach (var (count, runs) in results)
        {
            Console.WriteLine($"  {count,5} matches: lag p99 ms median [range] {Stats.Summary([.. runs.Select(r => r.P99)], "F2")}; " +
                $"p50 {Stats.Summary([.. runs.Select(r => r.P50)], "F2")}; ticks/s {Stats.Summary([.. runs.Select(r => r.Rate)], "F0")}");
        }
    }

    private static async Task<(double P50, double P99, double Max, double TickP99, double Rate)> TrialAsync(int count, TimeSpan measure)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new MatchMetrics(services.GetRequiredService<IMeterFactory>());
        var lag = new LongConcurrentHistogram(1, 10_000_000, 3);
        var duration = new LongConcurrentHistogram(1, 10_000_000, 3);
        var recording = false;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MatchMetrics.MeterName && instrument.Name is "asobi.match.tick.lag" or "asobi.match.tick.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (Volatile.Read(ref recording))
            {
                (instrument.Name == "asobi.match.tick.lag" ? lag : duration).RecordValue(Math.Max(1, (long)(value * 1_000_000)));
            }
        });
        listener.Start();

        var mode = new GameMode { Game = "demo", MatchSize = 4, TickRate = 10 };
        var options = new MatchOptions { InputQueueCapacity = 64 };
        using var stop = new CancellationTokenSource();
        var matches = new List<(MatchServer Match, Guid[] Bots)>();
        var loops = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var bots = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
            var match = new MatchServer(Guid.NewGuid(), "demo", mode, "bench", new DemoGameMode(), bots, new NullOutput(), metrics, options, TimeProvider.System);
            foreach (var bot in bots)
            {
                match.Join(bot);
            }

            matches.Add((match, bots));
            loops.Add(Task.Run(() => match.RunAsync(stop.Token)));
            if (i % Math.Max(1, count / 20) == 0)
            {
                await Task.Delay(5); // spread start times over the period, as real matches start at random moments
            }
        }

        // Bots: every 100 ms each one sends an input.
        var driver = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            var n = 0;
            while (await timer.WaitForNextTickAsync(stop.Token).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default))
            {
                foreach (var (match, bots) in matches)
                {
                    foreach (var bot in bots)
                    {
                        match.Input(bot, Inputs[n++ % Inputs.Length]);
                    }
                }
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(2));
        Volatile.Write(ref recording, true);
        var clock = Stopwatch.StartNew();
        await Task.Delay(measure);
        Volatile.Write(ref recording, false);
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        await driver;
        return (lag.GetValueAtPercentile(50) / 1000.0, lag.GetValueAtPercentile(99) / 1000.0, lag.GetMaxValue() / 1000.0,
            duration.GetValueAtPercentile(99) / 1000.0, lag.TotalCount / seconds);
    }

    private sealed class NullOutput : IMatchOutput
    {
        public void Send(Guid playerId, byte[] frame)
        {
        }
    }
}
