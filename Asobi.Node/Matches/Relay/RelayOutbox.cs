using Asobi.Bus;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Matches.Relay;

/// <summary>
/// Every batch this node sends to relaying nodes, for all the matches it hosts. Batches to the same relaying node
/// share bus events: the first batch after a quiet spell goes out at once; while batches keep coming, those of state
/// frames only wait up to <see cref="MatchOptions.RelayFlushInterval"/> and go together, so a host with a thousand
/// matches sends a relaying node a few hundred events a second instead of one per match per tick. A batch that is
/// not droppable (a join's frames, events, an end) goes at once with whatever waits before it, so order per node is
/// the order of <see cref="Send"/>. A full bus drops the event, counted per frame.
/// </summary>
public sealed class RelayOutbox : IDisposable
{
    /// <summary>Room kept in a bus payload for the bus's own envelope around the parcel.</summary>
    internal const int EnvelopeReserve = 256;

    private readonly IClusterBus bus;
    private readonly MatchMetrics metrics;
    private readonly TimeProvider time;
    private readonly TimeSpan interval;
    private readonly int budget;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Parcel> parcels = new(StringComparer.Ordinal);
    private bool disposed;

    public RelayOutbox(IClusterBus bus, MatchMetrics metrics, IOptions<MatchOptions> options, IOptions<ClusterBusOptions> busOptions, TimeProvider time)
    {
        this.bus = bus;
        this.metrics = metrics;
        this.time = time;
        interval = options.Value.RelayFlushInterval;
        budget = Math.Max(1024, busOptions.Value.MaxPayloadBytes - EnvelopeReserve);
    }

    /// <summary>Sends <paramref name="batch"/> to <paramref name="relayNodeId"/>, now or within the flush interval.</summary>
    public void Send(string relayNodeId, RelayBatch batch)
    {
        var bytes = batch.WriteUtf8();
        var frames = batch.Frames.Sum(f => f.Players.Count);
        lock (gate)
        {
            var parcel = parcels.TryGetValue(relayNodeId, out var found) ? found : parcels[relayNodeId] = new Parcel(relayNodeId);
            if (parcel.Batches.Count > 0 && parcel.Bytes + bytes.Length + 1 > budget)
            {
                PublishLocked(parcel); // would not fit in one payload: what waits goes first
            }

            parcel.Add(bytes, frames);
            var quiet = parcel.Timer is null && (parcel.LastPublished is not { } last || time.GetElapsedTime(last) >= interval);
            if (disposed || !batch.Droppable || quiet || parcel.Bytes >= budget)
            {
                PublishLocked(parcel);
            }
            else
            {
                parcel.Timer ??= time.CreateTimer(_ => OnTimer(parcel), null, Remaining(parcel), Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Sends whatever waits (node stopping).</summary>
    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            foreach (var parcel in parcels.Values)
            {
                PublishLocked(parcel);
            }
        }
    }

    private TimeSpan Remaining(Parcel parcel)
    {
        var left = parcel.LastPublished is { } last ? interval - time.GetElapsedTime(last) : TimeSpan.Zero;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void OnTimer(Parcel parcel)
    {
        lock (gate)
        {
            PublishLocked(parcel);
        }
    }

    private void PublishLocked(Parcel parcel)
    {
        parcel.Timer?.Dispose();
        parcel.Timer = null;
        if (parcel.Batches.Count == 0)
        {
            return;
        }

        // Each batch is JSON already: the parcel is their array, built without re-reading them.
        var size = parcel.Bytes + 1;
        var buffer = new byte[size];
        buffer[0] = (byte)'[';
        var at = 1;
        foreach (var b in parcel.Batches)
        {
            b.CopyTo(buffer, at);
            at += b.Length;
            buffer[at++] = (byte)',';
        }

        buffer[size - 1] = (byte)']';
        if (!bus.TryPublish(RelayTopics.ToRelay(parcel.Node), System.Text.Encoding.UTF8.GetString(buffer)))
        {
            metrics.RelayFramesDropped(parcel.Frames);
        }

        parcel.Clear(time.GetTimestamp());
    }

    private sealed class Parcel(string node)
    {
        public string Node => node;

        public List<byte[]> Batches { get; } = [];

        /// <summary>Bytes of the batches plus one separator each (the array's brackets take the last one's place and one more).</summary>
        public int Bytes { get; private set; }

        public int Frames { get; private set; }

        /// <summary>When the last event went (a timestamp), or null before the first.</summary>
        public long? LastPublished { get; private set; }

        public ITimer? Timer { get; set; }

        public void Add(byte[] batch, int frames)
        {
            Batches.Add(batch);
            Bytes += batch.Length + 1;
            Frames += frames;
        }

        public void Clear(long publishedAt)
        {
            Batches.Clear();
            Bytes = 0;
            Frames = 0;
            LastPublished = publishedAt;
        }
    }
}
