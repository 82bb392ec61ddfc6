using Asobi.Node.Social.Fanout;
using Asobi.UnitTests.Bus;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Social;

public class BusConnectedClockTests
{
    [Fact]
    public async Task A_catch_up_starts_before_the_bus_was_lost_by_the_margin_and_never_further_back_than_the_window()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var bus = new QuietBus();
        using var clock = new BusConnectedClock(bus, time);
        await clock.StartAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromMilliseconds(250)); // one tick: seen connected at 12:00:00.250
        var seen = time.GetUtcNow();
        await SeenAsync(() => clock.LastConnected == seen);

        bus.IsConnected = false; // lost: the clock keeps the last time it saw it
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(seen, clock.LastConnected);
        Assert.Equal(seen - BusConnectedClock.Margin, clock.CatchUpSince(TimeSpan.FromMinutes(1)));
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(10), clock.CatchUpSince(TimeSpan.FromSeconds(10)));

        bus.IsConnected = true;
        time.Advance(TimeSpan.FromMilliseconds(250));
        await SeenAsync(() => clock.LastConnected == time.GetUtcNow());
        await clock.StopAsync(CancellationToken.None);
    }

    /// <summary>The clock's loop runs after the timer fires, on the thread pool: wait for it (briefly).</summary>
    private static async Task SeenAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
