using System.Diagnostics.Metrics;
using Asobi.Node.Realtime;

namespace Asobi.Node;

/// <summary>The node's own instruments (meter <c>Asobi.Node</c>), exported with the service defaults.</summary>
public sealed class NodeMetrics
{
    public const string MeterName = "Asobi.Node";

    private readonly Counter<long> received;
    private readonly Counter<long> handled;
    private readonly Counter<long> errors;
    private readonly Counter<long> slowConsumers;
    private readonly Counter<long> accepted;

    public NodeMetrics(IMeterFactory meters, LocalSockets sockets)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("asobi.sockets.active", () => sockets.Count, description: "Open WebSockets on this node");
        meter.CreateObservableGauge("asobi.sockets.outbound.queued", () => sockets.All().Sum(s => (long)s.QueuedFrames),
            description: "Frames waiting in this node's socket queues");
        received = meter.CreateCounter<long>("asobi.ws.frames.received", description: "Inbound frames");
        handled = meter.CreateCounter<long>("asobi.ws.messages.handled", description: "Messages dispatched, by type");
        errors = meter.CreateCounter<long>("asobi.ws.errors", description: "Error replies and closes, by code");
        slowConsumers = meter.CreateCounter<long>("asobi.ws.slow_consumers", description: "Sockets closed for not reading");
        accepted = meter.CreateCounter<long>("asobi.ws.accepted", description: "WebSockets accepted, by path (direct or http)");
    }

    public void MessageReceived() => received.Add(1);

    public void Handled(string type) => handled.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Error(string code) => errors.Add(1, new KeyValuePair<string, object?>("code", code));

    public void SlowConsumer() => slowConsumers.Add(1);

    public void Accepted(bool direct) => accepted.Add(1, new KeyValuePair<string, object?>("path", direct ? "direct" : "http"));
}
