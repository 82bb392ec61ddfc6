using System.Globalization;
using Asobi.Bus;
using HdrHistogram;
using Microsoft.Extensions.DependencyInjection;

namespace Asobi.Bench.Bus;

/// <summary>
/// The receiving node, in a process of its own. Line protocol on stdin/stdout:
/// <c>BEGIN topic</c> → <c>OK</c>; <c>END expectedCount</c> → <c>RESULT ...</c>; <c>QUIT</c>.
/// </summary>
internal static class Receiver
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var connection = arguments.Connection ?? throw new ArgumentException("the receiver needs --connection");
        using var host = await BenchBus.StartAsync(connection, "bench-receiver", batching: true);
        var bus = host.Services.GetRequiredService<IClusterBus>();
        await Console.Out.WriteLineAsync("READY");
        await Console.Out.FlushAsync();

        Recorder? recorder = null;
        IDisposable? subscription = null;
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "BEGIN":
                    recorder = new Recorder();
                    subscription = bus.Subscribe(parts[1], recorder.Record);
                    await Console.Out.WriteLineAsync("OK");
                    break;
                case "END":
                    await recorder!.WaitForAsync(long.Parse(parts[1], CultureInfo.InvariantCulture), IdleTimeout);
                    subscription!.Dispose();
                    await Console.Out.WriteLineAsync("RESULT " + recorder.Summary());
                    break;
                case "QUIT":
                    await host.StopAsync();
                    return 0;
                default:
                    break;
            }

            await Console.Out.FlushAsync();
        }

        return 0;
    }

    /// <summary>Called on the bus's single delivery loop; read by the command loop once the count is reached.</summary>
    private sealed class Recorder
    {
        private readonly LongHistogram latencyMicros = new(300_000_000, 3); // 1 µs to 5 min
        private long count;
        private long firstAt;
        private long lastAt;
        private long lastSeq = -1;
        private long outOfOrder;

        public ValueTask Record(BusMessage message)
        {
            var now = UnixMicros.Now();
            latencyMicros.RecordValue(Math.Max(0, now - message.SentAtUnixMicros));
            if (firstAt == 0)
            {
                firstAt = now;
            }

            lastAt = now;
            var seq = BenchEvent.SequenceOf(message.Data);
            if (seq <= lastSeq)
            {
                outOfOrder++;
            }

            lastSeq = seq;
            Interlocked.Increment(ref count);
            return ValueTask.CompletedTask;
        }

        public async Task WaitForAsync(long expected, TimeSpan idleTimeout)
        {
            var seen = Interlocked.Read(ref count);
            var idleSince = DateTime.UtcNow;
            while (seen < expected && DateTime.UtcNow - idleSince < idleTimeout)
            {
                await Task.Delay(5);
                var now = Interlocked.Read(ref count);
                if (now != seen)
                {
                    seen = now;
                    idleSince = DateTime.UtcNow;
                }
            }
        }

        public string Summary() => string.Join(' ', new long[]
        {
            Interlocked.Read(ref count),
            firstAt,
            lastAt,
            latencyMicros.GetValueAtPercentile(50),
            latencyMicros.GetValueAtPercentile(99),
            latencyMicros.GetMaxValue(),
            outOfOrder,
        }.Select(v => v.ToString(CultureInfo.InvariantCulture)));
    }
}
