using System.Buffers.Text;
using System.Diagnostics;
using HdrHistogram;

namespace Asobi.Bench.Fanout;

/// <summary>
/// Collects one trial's deliveries: content is <c>&lt;trial&gt;:&lt;Stopwatch ticks at send&gt;</c>, written by the
/// sender in this same process, so send → receive latency needs no clock sync. Frames of other trials are ignored.
/// </summary>
internal sealed class Sink
{
    private static readonly byte[] ContentKey = "\"content\":\""u8.ToArray();

    private readonly LongConcurrentHistogram latency = new(1, TimeSpan.FromSeconds(60).Ticks, 3);
    private long count;
    private long lastAt;

    public Sink(int trial) => Trial = trial;

    public int Trial { get; }

    public long Count => Interlocked.Read(ref count);

    public long LastAt => Interlocked.Read(ref lastAt);

    public double PercentileMs(double p) => Count == 0 ? double.NaN : latency.GetValueAtPercentile(p) * 1000.0 / Stopwatch.Frequency;

    public void OnFrame(ReadOnlySpan<byte> frame)
    {
        var at = frame.IndexOf(ContentKey);
        if (at < 0)
        {
            return;
        }

        var rest = frame[(at + ContentKey.Length)..];
        if (!Utf8Parser.TryParse(rest, out int trial, out var used) || trial != Trial || rest[used] != (byte)':')
        {
            return;
        }

        if (!Utf8Parser.TryParse(rest[(used + 1)..], out long sentTicks, out _))
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        latency.RecordValue(Math.Max(1, now - sentTicks));
        Interlocked.Increment(ref count);
        Interlocked.Exchange(ref lastAt, now);
    }
}
