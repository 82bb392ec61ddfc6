namespace Asobi.Bus;

/// <summary>
/// Exponential backoff with jitter: each delay is drawn from [nominal/2, nominal], the nominal doubling from
/// <c>initial</c> up to <c>max</c>. The jitter keeps a cluster's nodes from reconnecting in lockstep after a
/// database restart.
/// </summary>
internal sealed class ReconnectBackoff
{
    public static readonly TimeSpan DefaultInitial = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DefaultMax = TimeSpan.FromSeconds(5);

    private readonly TimeSpan initial;
    private readonly TimeSpan max;
    private readonly Random random;
    private int attempt;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, Random random)
    {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    public ReconnectBackoff()
        : this(DefaultInitial, DefaultMax, Random.Shared)
    {
    }

    public TimeSpan Next()
    {
        var nominal = initial * Math.Pow(2, Math.Min(attempt, 30));
        if (nominal > max)
        {
            nominal = max;
        }
        else
        {
            attempt++;
        }

        return nominal * (0.5 + (random.NextDouble() * 0.5));
    }

    public void Reset() => attempt = 0;
}
