namespace Asobi.Node.Realtime;

/// <summary>A token bucket: <c>rate</c> tokens per second, bursts up to <c>rate</c>. Not thread-safe (one per socket reader).</summary>
public sealed class TokenBucket(int ratePerSecond, TimeProvider time)
{
    private readonly double capacity = Math.Max(1, ratePerSecond);
    private double tokens = Math.Max(1, ratePerSecond);
    private long lastTimestamp = time.GetTimestamp();

    public bool TryTake()
    {
        var now = time.GetTimestamp();
        tokens = Math.Min(capacity, tokens + (time.GetElapsedTime(lastTimestamp, now).TotalSeconds * capacity));
        lastTimestamp = now;
        if (tokens < 1)
        {
            return false;
        }

        tokens -= 1;
        return true;
    }
}
