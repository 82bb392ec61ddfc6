using Asobi.Node.Matches;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Matches;

public sealed class TickScheduleTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void A_slow_tick_shortens_the_next_wait_so_ticks_stay_on_the_grid()
    {
        var time = new FakeTimeProvider();
        var schedule = new TickSchedule(time, Period);

        Assert.Equal(Period, schedule.Delay());
        time.Advance(Period);
        Assert.Equal(TimeSpan.Zero, schedule.Begin());

        time.Advance(TimeSpan.FromMilliseconds(30)); // the tick itself took 30 ms
        Assert.Equal(TimeSpan.FromMilliseconds(70), schedule.Delay());
        time.Advance(TimeSpan.FromMilliseconds(75)); // woke 5 ms late
        Assert.Equal(TimeSpan.FromMilliseconds(5), schedule.Begin());
        Assert.Equal(TimeSpan.FromMilliseconds(95), schedule.Delay()); // the third tick is still due at 300 ms
    }

    [Fact]
    public void A_late_tick_starts_at_once_and_reports_its_lag()
    {
        var time = new FakeTimeProvider();
        var schedule = new TickSchedule(time, Period);
        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(TimeSpan.Zero, schedule.Delay());
        Assert.Equal(TimeSpan.FromMilliseconds(150), schedule.Begin());
        Assert.Equal(0, schedule.Skipped);
    }

    [Fact]
    public void Falling_far_behind_skips_ahead_instead_of_bursting_and_counts_the_skipped_ticks()
    {
        var time = new FakeTimeProvider();
        var schedule = new TickSchedule(time, Period);
        time.Advance(TimeSpan.FromMilliseconds(1050)); // ten ticks late
        schedule.Begin();
        Assert.Equal(9, schedule.Skipped);
        Assert.Equal(10, schedule.Index);
        Assert.Equal(TimeSpan.FromMilliseconds(50), schedule.Delay());
    }
}
