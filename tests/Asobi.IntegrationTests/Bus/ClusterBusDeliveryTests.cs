using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Asobi.IntegrationTests.Bus;

public sealed class ClusterBusDeliveryTests
{
    [Fact]
    public async Task An_event_published_on_one_node_reaches_the_other_node_once_and_its_own_subscribers_once()
    {
        var db = await BusDatabase.CreateAsync(await TestPostgres.SharedAsync());
        await using var a = await BusTestNode.StartAsync(db, "node-a");
        await using var b = await BusTestNode.StartAsync(db, "node-b");
        var onA = a.Collect("chat.message");
        var onB = b.Collect("chat.message");
        var doneOnA = a.Collect("test.done");
        var doneOnB = b.Collect("test.done");

        await a.Bus.PublishAsync("chat.message", """{"room":"lobby","text":"hello"}""");
        await a.Bus.PublishAsync("test.done", "{}");

        // Delivery is ordered, so once the second event is in, any duplicate of the first would be too.
        await doneOnB.WaitForAsync(1, "B never got the marker event");
        await doneOnA.WaitForAsync(1, "A never delivered the marker event locally");
        var remote = Assert.Single(onB.Snapshot());
        var local = Assert.Single(onA.Snapshot());
        Assert.Equal(("chat.message", """{"room":"lobby","text":"hello"}""", "node-a"), (remote.Topic, remote.Data, remote.OriginNodeId));
        Assert.Equal(local.SentAtUnixMicros, remote.SentAtUnixMicros);
        Assert.Equal(HealthStatus.Healthy, await b.BusHealthAsync());
    }

    [Fact]
    public async Task Ten_thousand_events_arrive_all_and_in_order()
    {
        var db = await BusDatabase.CreateAsync(await TestPostgres.SharedAsync());
        await using var a = await BusTestNode.StartAsync(db, "node-a");
        await using var b = await BusTestNode.StartAsync(db, "node-b");
        var onA = a.Collect("seq");
        var onB = b.Collect("seq");
        var expected = Enumerable.Range(0, 10_000).Select(i => $$"""{"seq":{{i}}}""").ToList();

        foreach (var data in expected)
        {
            Assert.True(a.Bus.TryPublish("seq", data));
        }

        await onB.WaitForAsync(10_000, $"B received {onB.Count} of 10,000");
        await onA.WaitForAsync(10_000, $"A delivered {onA.Count} of 10,000 locally");
        Assert.Equal(expected, onB.Snapshot().Select(m => m.Data));
        Assert.Equal(expected, onA.Snapshot().Select(m => m.Data));
    }

    [Fact]
    public async Task An_event_larger_than_a_notification_payload_arrives_through_the_overflow_table()
    {
        var db = await BusDatabase.CreateAsync(await TestPostgres.SharedAsync());
        await using var a = await BusTestNode.StartAsync(db, "node-a");
        await using var b = await BusTestNode.StartAsync(db, "node-b");
        var onB = b.Collect("match.state");
        var big = $$"""{"board":"{{string.Concat(Enumerable.Repeat("ゲーム-0123456789", 2_000))}}"}""";
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(big) > 8_000);

        await a.Bus.PublishAsync("match.state", """{"n":1}""");
        await a.Bus.PublishAsync("match.state", big);
        await a.Bus.PublishAsync("match.state", """{"n":3}""");

        await onB.WaitForAsync(3, $"B received {onB.Count} of 3");
        Assert.Equal(["""{"n":1}""", big, """{"n":3}"""], onB.Snapshot().Select(m => m.Data));
        Assert.Equal(1, await BusDatabase.ScalarAsync(db, "SELECT count(*) FROM bus_overflow"));
    }

    [Fact]
    public async Task Stopping_a_node_sends_what_it_had_queued()
    {
        var db = await BusDatabase.CreateAsync(await TestPostgres.SharedAsync());
        await using var b = await BusTestNode.StartAsync(db, "node-b");
        var onB = b.Collect("bye");
        var a = await BusTestNode.StartAsync(db, "node-a");

        for (var i = 0; i < 2_000; i++)
        {
            Assert.True(a.Bus.TryPublish("bye", i.ToString(CultureInfo.InvariantCulture)));
        }

        await a.DisposeAsync();
        Assert.False(a.Bus.TryPublish("bye", "late"));
        await onB.WaitForAsync(2_000, $"B received {onB.Count} of 2,000");
    }

    [Fact]
    public async Task A_throwing_subscriber_is_logged_and_later_events_still_arrive()
    {
        var db = await BusDatabase.CreateAsync(await TestPostgres.SharedAsync());
        await using var a = await BusTestNode.StartAsync(db, "node-a");
        await using var b = await BusTestNode.StartAsync(db, "node-b");
        using var failing = b.Bus.Subscribe("t", m => m.Data == "1" ? throw new InvalidOperationException("boom") : ValueTask.CompletedTask);
        var onB = b.Collect("t");

        await a.Bus.PublishAsync("t", "1");
        await a.Bus.PublishAsync("t", "2");

        await onB.WaitForAsync(2, "B stopped delivering after a subscriber threw");
        Assert.Contains(b.Logs.Entries, e => e.Message.Contains("subscriber for t failed", StringComparison.Ordinal));
    }
}
