using System.Buffers.Text;
using System.Collections.Concurrent;

namespace Asobi.Bench;

/// <summary>
/// What fan-out receivers saw, per step: deliveries and their latency. The sender writes
/// <c>"STEP|SENT_MICROS"</c> as the message content; receivers read it back out of <c>chat.message</c>.
/// </summary>
internal sealed class FanoutTally
{
    private static readonly byte[] ContentKey = "\"content\":\""u8.ToArray();
    private readonly ConcurrentDictionary<int, Step> steps = new();

    public static string Content(int step, long sentMicros) => $"{step}|{sentMicros}";

    /// <summary>Counts one frame if it is a bench chat message; anything else is ignored.</summary>
    public void Observe(ReadOnlySpan<byte> frame, long nowMicros)
    {
        var at = frame.IndexOf(ContentKey);
        if (at < 0 || !frame.StartsWith("{\"type\":\"chat.message\""u8))
        {
            return;
        }

        var content = frame[(at + ContentKey.Length)..];
        if (!Utf8Parser.TryParse(content, out int step, out var used) || used >= content.Length || content[used] != (byte)'|'
            || !Utf8Parser.TryParse(content[(used + 1)..], out long sent, out _))
        {
            return;
        }

        var s = steps.GetOrAdd(step, _ => new Step());
        lock (s)
        {
            s.Count++;
            s.Latency.Record(nowMicros - sent);
        }
    }

    public (long Count, LatencyHistogram Latency) Take(int step)
    {
        if (!steps.TryGetValue(step, out var s))
        {
            return (0, new LatencyHistogram());
        }

        lock (s)
        {
            var copy = new LatencyHistogram();
            copy.Add(s.Latency);
            return (s.Count, copy);
        }
    }

    private sealed class Step
    {
        public long Count { get; set; }

        public LatencyHistogram Latency { get; } = new();
    }
}
