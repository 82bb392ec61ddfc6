using System.Diagnostics;
using Asobi.Bus;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Asobi.IntegrationTests.Bus;

/// <summary>Tests that stop the database; they share a private server and run one at a time.</summary>
public sealed class ClusterBusReconnectTests : IClassFixture<PrivateServer>
{
    private readonly PrivateServer server;

    public ClusterBusReconnectTests(PrivateServer server) => this.server = server;

    [Fact]
    public async Task A_listener_survives_a_server_restart_and_resynchronizes()
    {
        var db = await BusDatabase.CreateAsync(server.Postgres);
        await using var a = await BusTestNode.StartAsync(db, "node-a");
        await using var b = await BusTestNode.StartAsync(db, "node-b");
        var onB = b.Collect("t");
        await a.Bus.PublishAsync("t", "before");
        await onB.WaitForAsync(1, "no delivery before the restart");

        await server.Postgres.StopAsync();
        try
        {
            await Eventually.TrueAsync(() => !b.Bus.IsConnected, "B did not notice the server stopping");
            Assert.Equal(HealthStatus.Degraded, await b.BusHealthAsync());
            Assert.Equal(0, b.Resynchronizations);
        }
        finally
        {
            await server.Postgres.StartAsync();
        }

        await Eventually.TrueAsync(() => b.Bus.IsConnected && b.Resynchronizations == 1, "B did not reconnect and resynchronize");
        Assert.Equal(HealthStatus.Healthy, await b.BusHealthAsync());
        await Eventually.TrueAsync(() => a.Bus.IsConnected, "A did not reconnect");
        await a.Bus.PublishAsync("t", "after");
        await onB.WaitForAsync(2, "an event published after the restart did not arrive");
        Assert.Equal(["before", "after"], onB.Snapshot().Select(m => m.Data));
    }

    [Fact]
    public async Task PublishAsync_while_the_server_is_down_throws_after_the_publish_timeout()
    {
        var db = await BusDatabase.CreateAsync(server.Postgres);
        await using var a = await BusTestNode.StartAsync(db, "node-a", new Dictionary<string, string?>
        {
            ["Asobi:Bus:PublishTimeout"] = "00:00:01",
        });
        var local = a.Collect("t");

        await server.Postgres.StopAsync();
        try
        {
            var watch = Stopwatch.StartNew();
            await Assert.ThrowsAsync<BusUnavailableException>(() => a.Bus.PublishAsync("t", "lost").AsTask());
            Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));

            // Fire-and-forget events that cannot be sent are dropped and reported, never silently.
            Assert.True(a.Bus.TryPublish("t", "also lost"));
            await Eventually.TrueAsync(
                () => a.Logs.Entries.Count(e => e.Level == LogLevel.Error && e.Message.Contains("dropped 1 events", StringComparison.Ordinal)) == 2,
                "the dropped events were not logged");
        }
        finally
        {
            await server.Postgres.StartAsync();
        }

        // Local subscribers saw both events: local delivery never depends on PostgreSQL.
        Assert.Equal(["lost", "also lost"], local.Snapshot().Select(m => m.Data));
        await Eventually.TrueAsync(() => a.Bus.IsConnected, "A did not reconnect");
        await a.Bus.PublishAsync("t", "sent");
    }

    [Fact]
    public async Task A_terminated_listener_backend_reconnects()
    {
        var db = await BusDatabase.CreateAsync(server.Postgres);
        await using var a = await BusTestNode.StartAsync(db, "node-a");
        await using var b = await BusTestNode.StartAsync(db, "node-b");
        var onB = b.Collect("t");

        var terminated = await BusDatabase.ScalarAsync(db, $"""
            SELECT count(*) FROM (
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE application_name = '{PostgresClusterBus.ListenApplicationName}' AND datname = current_database()) t
            """);

        Assert.Equal(2, terminated);
        await Eventually.TrueAsync(() => b.Resynchronizations == 1 && b.Bus.IsConnected, "B did not reconnect");
        await Eventually.TrueAsync(() => a.Resynchronizations == 1 && a.Bus.IsConnected, "A did not reconnect");
        await a.Bus.PublishAsync("t", "after");
        await onB.WaitForAsync(1, "an event published after the reconnect did not arrive");
    }
}

/// <summary>A PostgreSQL server of its own, for tests that stop it.</summary>
public sealed class PrivateServer : IAsyncLifetime
{
    public TestPostgres Postgres { get; private set; } = null!;

    public async Task InitializeAsync() => Postgres = await TestPostgres.StartNewAsync();

    public async Task DisposeAsync() => await Postgres.DisposeAsync();
}
