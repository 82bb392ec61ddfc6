namespace Asobi.Node.Matches;

/// <summary>
/// A drift-free tick clock: tick n is due at start + n × period, however long earlier ticks took, so a slow tick
/// shortens the next wait instead of shifting every later tick. When it falls more than <see cref="MaxBehind"/>
/// periods behind it skips ahead (counted) rather than running a burst of catch-up ticks.
/// </summary>
public sealed class TickSchedule(TimeProvider time, TimeSpan period)
{
    public const int MaxBehind = 5;

    private readonly long start = time.GetTimestamp();
    private long index;

    public TimeSpan Period => period;

    /// <summary>Ticks begun so far.</summary>
    public long Index => index;

    /// <summary>Ticks skipped because the loop fell too far behind.</summary>
    public long Skipped { get; private set; }

    /// <summary>How long to wait until the next tick is due (zero when it is already late).</summary>
    public TimeSpan Delay()
    {
        var wait = Due(index + 1) - time.GetElapsedTime(start);
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>Begins the next tick; returns its lag (actual start minus scheduled start).</summary>
    public TimeSpan Begin()
    {
        var now = time.GetElapsedTime(start);
        index++;
        var lag = now - Due(index);
        if (lag > period * MaxBehind)
        {
            var caughtUp = (long)(now.Ticks / period.Ticks);
            Skipped += caughtUp - index;
            index = caughtUp;
        }

        return lag;
    }

    private TimeSpan Due(long n) => TimeSpan.FromTicks(period.Ticks * n);
}
