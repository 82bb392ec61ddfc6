using System.Diagnostics.Metrics;

namespace Asobi.Bus;

/// <summary>The bus's instruments, meter <c>Asobi.Bus</c>.</summary>
internal sealed class BusMetrics
{
    public const string MeterName = "Asobi.Bus";

    public BusMetrics(IMeterFactory meterFactory, Func<int> outboundDepth, Func<int> receiveDepth)
    {
        var meter = meterFactory.Create(MeterName);
        DeliveryLatency = meter.CreateHistogram<double>(
            "asobi.bus.delivery.latency",
            unit: "s",
            description: "From publish (of the first event in a payload) to delivery on another node.",
            advice: new InstrumentAdvice<double>
            {
                HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
            });
        Published = meter.CreateCounter<long>("asobi.bus.events.published", "{event}", "Events handed to PostgreSQL.");
        Received = meter.CreateCounter<long>("asobi.bus.events.received", "{event}", "Events received from other nodes.");
        Dropped = meter.CreateCounter<long>("asobi.bus.events.dropped", "{event}", "Events lost, by reason.");
        BatchSize = meter.CreateHistogram<int>(
            "asobi.bus.batch.size",
            unit: "{event}",
            description: "Events per NOTIFY payload.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500] });
        Reconnects = meter.CreateCounter<long>("asobi.bus.reconnects", "{reconnect}", "Listener reconnections after a loss.");
        meter.CreateObservableGauge(
            "asobi.bus.queue.depth",
            () => new[]
            {
                new Measurement<int>(outboundDepth(), new KeyValuePair<string, object?>("queue", "outbound")),
                new Measurement<int>(receiveDepth(), new KeyValuePair<string, object?>("queue", "receive")),
            },
            unit: "{event}",
            description: "Events waiting in the bus's queues.");
    }

    public Histogram<double> DeliveryLatency { get; }

    public Counter<long> Published { get; }

    public Counter<long> Received { get; }

    public Counter<long> Dropped { get; }

    public Histogram<int> BatchSize { get; }

    public Counter<long> Reconnects { get; }

    public void RecordDropped(string reason, long count = 1) =>
        Dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));
}
