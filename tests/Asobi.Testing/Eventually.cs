namespace Asobi.Testing;

/// <summary>Polls a condition until it holds or a deadline passes (never a fixed sleep as an assertion).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? within = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(because ?? "The condition did not hold in time.");
            }

            await Task.Delay(50);
        }
    }
}
