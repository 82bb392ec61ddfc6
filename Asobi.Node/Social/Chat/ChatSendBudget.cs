namespace Asobi.Node.Social.Chat;

/// <summary>
/// One player's send budget on this node: a token bucket (rate per second, bursts of the same size) that other
/// nodes' reported sends also debit, and a count of local sends not yet reported to them. May go negative (down
/// to minus one burst) when remote sends arrive late, so the cluster-wide average holds; the floor keeps a burst of
/// late reports from locking a player out for long.
/// </summary>
public sealed class ChatSendBudget(int ratePerSecond, TimeProvider time)
{
    private readonly double capacity = Math.Max(1, ratePerSecond);
    private readonly Lock gate = new();
    private double tokens = Math.Max(1, ratePerSecond);
    private long lastTimestamp = time.GetTimestamp();
    private int unreported;
    private volatile bool shared;

    /// <summary>Whether this node reports the player's sends to other nodes (they hold the player too, or may).</summary>
    public bool Shared => shared;

    /// <summary>Starts reporting; true when this call turned it on.</summary>
    public bool Share()
    {
        if (shared)
        {
            return false;
        }

        shared = true;
        return true;
    }

    public bool TryTake()
    {
        lock (gate)
        {
            Refill();
            if (tokens < 1)
            {
                return false;
            }

            tokens -= 1;
        }

        if (shared)
        {
            Interlocked.Increment(ref unreported);
        }

        return true;
    }

    /// <summary>Charges sends the player made on other nodes.</summary>
    public void Debit(int sends)
    {
        lock (gate)
        {
            Refill();
            tokens = Math.Max(-capacity, tokens - sends);
        }
    }

    /// <summary>Local sends since the last call (to report), and resets the count.</summary>
    public int TakeUnreported() => Interlocked.Exchange(ref unreported, 0);

    /// <summary>Full again: forgetting the budget now changes nothing.</summary>
    public bool IsFull
    {
        get
        {
            lock (gate)
            {
                Refill();
                return tokens >= capacity && Volatile.Read(ref unreported) == 0;
            }
        }
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        tokens = Math.Min(capacity, tokens + (time.GetElapsedTime(lastTimestamp, now).TotalSeconds * capacity));
        lastTimestamp = now;
    }
}
