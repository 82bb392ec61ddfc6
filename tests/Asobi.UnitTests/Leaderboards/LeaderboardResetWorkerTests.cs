using System.Diagnostics.Metrics;
using Asobi.UnitTests.Bus;
using Asobi.Node.Leaderboards;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Asobi.UnitTests.Leaderboards;

public sealed class LeaderboardResetWorkerTests
{
    [Fact]
    public void Boards_reset_exactly_when_the_clock_reaches_their_period_end()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 23, 59, 0, TimeSpan.Zero));
        var options = Options.Create(new LeaderboardOptions
        {
            Boards =
            {
                ["weekly"] = new BoardOptions { ResetSchedule = "0 0 * * 1" },
                ["forever"] = new BoardOptions(),
            },
        });
        using var db = NpgsqlDataSource.Create("Host=unused");
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new LeaderboardMetrics(services.GetRequiredService<IMeterFactory>());
        var caches = new LeaderboardCaches(options, new LeaderboardStore(db), new QuietBus(), clock, metrics, NullLogger<LeaderboardCaches>.Instance);
        var worker = new LeaderboardResetWorker(caches, clock, NullLogger<LeaderboardResetWorker>.Instance);
        var weekly = caches.Find("weekly")!;
        var monday = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        weekly.Apply(monday, Guid.NewGuid(), 1, 0, 1);

        Assert.Equal(monday, worker.Tick());
        clock.Advance(TimeSpan.FromSeconds(59.999));
        worker.Tick();
        Assert.Equal(1, weekly.Count);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(monday.AddDays(7), worker.Tick());
        Assert.Equal(0, weekly.Count);
        Assert.Equal(LeaderboardDefinition.Forever, caches.Find("forever")!.PeriodEnd);
    }
}
