using System.Diagnostics;

namespace Asobi.IntegrationTests.Bus;

/// <summary>Polls a condition with a generous deadline: waits are bounded and never stand in for assertions.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task TrueAsync(Func<bool> condition, string because, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > (timeout ?? DefaultTimeout))
            {
                Assert.Fail($"Timed out after {watch.Elapsed.TotalSeconds:F1} s: {because}");
            }

            await Task.Delay(20);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > (timeout ?? DefaultTimeout))
            {
                Assert.Fail($"Timed out after {watch.Elapsed.TotalSeconds:F1} s: {because}");
            }

            await Task.Delay(20);
        }
    }
}
