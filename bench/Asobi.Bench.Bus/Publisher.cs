using System.Diagnostics;
using Asobi.Bus;

namespace Asobi.Bench.Bus;

/// <summary>Offers load to the sending node: at a fixed rate, or as fast as the bus takes it.</summary>
internal static class Publisher
{
    /// <summary>Events in flight (published, not yet committed) at saturation.</summary>
    public const int SaturationWindow = 4_096;

    /// <summary>Open loop: every millisecond, TryPublish what the schedule says is due. Rejections are counted.</summary>
    public static Task<(long Accepted, long Rejected)> PacedAsync(IClusterBus bus, string topic, int ratePerSecond, TimeSpan duration) =>
        Task.Factory.StartNew(
            () =>
            {
                var total = (long)(ratePerSecond * duration.TotalSeconds);
                long offered = 0, rejected = 0;
                var clock = Stopwatch.StartNew();
                while (offered < total)
                {
                    var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * ratePerSecond));
                    for (; offered < due; offered++)
                    {
                        if (!bus.TryPublish(topic, BenchEvent.Data(offered)))
                        {
                            rejected++;
                        }
                    }

                    Thread.Sleep(1);
                }

                return (offered - rejected, rejected);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>Closed loop: PublishAsync with at most <see cref="SaturationWindow"/> events not yet committed.</summary>
    public static async Task<(long Accepted, long Rejected)> SaturateAsync(IClusterBus bus, string topic, TimeSpan duration)
    {
        using var window = new SemaphoreSlim(SaturationWindow);
        long offered = 0, rejected = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await window.WaitAsync();
            _ = PublishOneAsync(offered++);
        }

        for (var i = 0; i < SaturationWindow; i++)
        {
            await window.WaitAsync();
        }

        return (offered - rejected, rejected);

        async Task PublishOneAsync(long seq)
        {
            try
            {
                await bus.PublishAsync(topic, BenchEvent.Data(seq));
            }
            catch (BusUnavailableException)
            {
                Interlocked.Increment(ref rejected);
            }
            finally
            {
                window.Release();
            }
        }
    }
}
