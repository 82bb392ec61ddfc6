using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Asobi.Bus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Asobi.IntegrationTests.Bus;

public sealed class ClusterBusBackpressureTests
{
    [Fact]
    public async Task A_full_outbound_queue_makes_TryPublish_return_false_and_PublishAsync_throw_at_once()
    {
        // Nothing listens on this port, so nothing leaves the queue.
        await using var node = await BusTestNode.StartAsync(
            $"Host=127.0.0.1;Port={UnusedPort()};Username=postgres;Database=none",
            "node-a",
            new Dictionary<string, string?> { ["Asobi:Bus:QueueCapacity"] = "8", ["Asobi:Bus:ShutdownFlushTimeout"] = "00:00:00.2" },
            waitUntilConnected: false);
        using var dropped = new DropCounter(node.Services.GetRequiredService<IMeterFactory>());

        var accepted = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            while (node.Bus.TryPublish("t", "{}"))
            {
                accepted++;
                Assert.True(accepted <= 16, "the queue never filled");
            }

            // Let the sender take its round (which it then keeps retrying, taking nothing more), and fill again:
            // afterwards the queue is full for certain.
            if (pass == 0)
            {
                await Task.Delay(300);
            }
        }

        // The sender holds at most one queue's worth in its retry round.
        Assert.InRange(accepted, 8, 16);
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<BusUnavailableException>(() => node.Bus.PublishAsync("t", "{}").AsTask());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.Equal(3, dropped.QueueFull);
        Assert.False(node.Bus.IsConnected);
        Assert.Equal(HealthStatus.Degraded, await node.BusHealthAsync());
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Counts <c>asobi.bus.events.dropped{reason=queue_full}</c> of one node's meters.</summary>
    private sealed class DropCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private long queueFull;

        public DropCounter(IMeterFactory factory)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == "asobi.bus.events.dropped")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "reason", Value: "queue_full" })
                    {
                        Interlocked.Add(ref queueFull, value);
                    }
                }
            });
            listener.Start();
        }

        public long QueueFull => Interlocked.Read(ref queueFull);

        public void Dispose() => listener.Dispose();
    }
}
