using System;

namespace Asobi.Client.Realtime;

/// <summary>Reconnect waits: doubling from the minimum up to the maximum, each drawn in its upper half so that
/// many clients dropped by one node do not all come back in the same instant.</summary>
internal sealed class Backoff
{
    private readonly TimeSpan min;
    private readonly TimeSpan max;
    private readonly Random random;

    public Backoff(TimeSpan min, TimeSpan max, Random? random = null)
    {
        this.min = min > TimeSpan.Zero ? min : TimeSpan.FromMilliseconds(1);
        this.max = max > this.min ? max : this.min;
        this.random = random ?? new Random();
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> (0 is the first retry).</summary>
    public TimeSpan Delay(int attempt)
    {
        var ceiling = min.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        ceiling = Math.Min(ceiling, max.TotalMilliseconds);
        double fraction;
        lock (random)
        {
            fraction = 0.5 + (random.NextDouble() / 2);
        }

        return TimeSpan.FromMilliseconds(ceiling * fraction);
    }
}
