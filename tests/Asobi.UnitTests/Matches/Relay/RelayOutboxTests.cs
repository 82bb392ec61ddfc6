using System.Diagnostics.Metrics;
using System.Text;
using Asobi.Bus;
using Asobi.Node.Matches;
using Asobi.Node.Matches.Relay;
using Asobi.UnitTests.Bus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Matches.Relay;

public sealed class RelayOutboxTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(2);
    private readonly RecordingBus bus = new();
    private readonly FakeTimeProvider time = new();

    /// <summary>An outbox that sends every batch at once (flush interval zero).</summary>
    internal static RelayOutbox Immediate(IClusterBus bus) =>
        new(bus, TestMatches.Metrics, Options.Create(new MatchOptions { RelayFlushInterval = TimeSpan.Zero }), Options.Create(new ClusterBusOptions()), new FakeTimeProvider());

    private RelayOutbox Outbox(MatchMetrics? metrics = null, int maxPayloadBytes = 7_900) =>
        new(bus, metrics ?? TestMatches.Metrics, Options.Create(new MatchOptions { RelayFlushInterval = Interval }),
            Options.Create(new ClusterBusOptions { MaxPayloadBytes = maxPayloadBytes }), time);

    private static RelayBatch State(Guid match, int players = 1, int padding = 0) =>
        new(match, "host", 0, Droppable: true, Ended: false, Gone: false, [],
            [new RelayFrame(Encoding.UTF8.GetBytes("{\"type\":\"match.state\",\"payload\":{\"p\":\"" + new string('x', padding) + "\"}}"),
                [.. Enumerable.Range(0, players).Select(_ => Guid.NewGuid())])]);

    private List<List<Guid>> EventsTo(string node) =>
        [.. bus.Published.Where(p => p.Topic == RelayTopics.ToRelay(node)).Select(p => RelayBatch.ReadAll(p.Data)!.Select(b => b.MatchId).ToList())];

    [Fact]
    public void The_first_batch_after_a_quiet_spell_goes_at_once_and_the_next_ones_share_one_event_after_the_interval()
    {
        using var outbox = Outbox();
        var (m1, m2, m3) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        outbox.Send("node-b", State(m1));
        Assert.Equal([[m1]], EventsTo("node-b"));

        outbox.Send("node-b", State(m2));
        outbox.Send("node-b", State(m3));
        outbox.Send("node-c", State(m3));
        Assert.Equal([[m1]], EventsTo("node-b"));
        Assert.Equal([[m3]], EventsTo("node-c")); // each relaying node has its own quiet spell

        time.Advance(Interval);
        Assert.Equal([[m1], [m2, m3]], EventsTo("node-b"));

        time.Advance(Interval * 10);
        Assert.Equal(3, bus.Published.Count); // nothing waited: no empty event
        outbox.Send("node-b", State(m1));
        Assert.Equal([m1], EventsTo("node-b")[^1]); // quiet again: at once
    }

    [Fact]
    public void A_batch_that_is_not_droppable_goes_at_once_with_what_waits_before_it_in_order()
    {
        using var outbox = Outbox();
        var (m1, m2, m3) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        outbox.Send("node-b", State(m1));
        outbox.Send("node-b", State(m2));
        outbox.Send("node-b", State(m3) with { Droppable = false, Ended = true });

        Assert.Equal([[m1], [m2, m3]], EventsTo("node-b"));
        time.Advance(Interval);
        Assert.Equal(2, bus.Published.Count); // the timer armed for m2 found nothing left
    }

    [Fact]
    public void Batches_that_would_not_fit_one_bus_payload_go_in_several_events_none_over_the_limit()
    {
        const int maxPayload = 4_000;
        using var outbox = Outbox(maxPayloadBytes: maxPayload);
        var matches = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToList();
        outbox.Send("node-b", State(Guid.NewGuid()));
        foreach (var m in matches)
        {
            outbox.Send("node-b", State(m, padding: 900));
        }

        time.Advance(Interval);
        var events = bus.Published.Skip(1).ToList();
        Assert.True(events.Count >= 3, $"{events.Count} events");
        Assert.All(events, e => Assert.True(Encoding.UTF8.GetByteCount(e.Data) <= maxPayload - RelayOutbox.EnvelopeReserve, $"{e.Data.Length} bytes"));
        Assert.Equal(matches, events.SelectMany(e => RelayBatch.ReadAll(e.Data)!).Select(b => b.MatchId));
    }

    [Fact]
    public void An_event_the_bus_refuses_counts_every_frame_it_carried_as_dropped_and_the_outbox_goes_on()
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var dropped = new DroppedFrames(factory);
        using var outbox = Outbox(new MatchMetrics(factory));

        outbox.Send("node-b", State(Guid.NewGuid()));
        bus.Full = true;
        outbox.Send("node-b", State(Guid.NewGuid(), players: 2));
        outbox.Send("node-b", State(Guid.NewGuid(), players: 3));
        time.Advance(Interval);
        Assert.Equal(5, dropped.Count);

        bus.Full = false;
        time.Advance(Interval);
        var next = Guid.NewGuid();
        outbox.Send("node-b", State(next));
        Assert.Equal([next], EventsTo("node-b")[^1]);
    }

    [Fact]
    public void Disposing_sends_what_waits()
    {
        var outbox = Outbox();
        var (m1, m2) = (Guid.NewGuid(), Guid.NewGuid());
        outbox.Send("node-b", State(m1));
        outbox.Send("node-b", State(m2));
        outbox.Dispose();
        Assert.Equal([[m1], [m2]], EventsTo("node-b"));
    }

    private sealed class DroppedFrames : IDisposable
    {
        private readonly MeterListener listener = new();
        private long count;

        public DroppedFrames(IMeterFactory factory)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == "asobi.match.relay.frames.dropped")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref count, value));
            listener.Start();
        }

        public long Count => Interlocked.Read(ref count);

        public void Dispose() => listener.Dispose();
    }
}
