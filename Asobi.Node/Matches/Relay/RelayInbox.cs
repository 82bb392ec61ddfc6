namespace Asobi.Node.Matches.Relay;

/// <summary>
/// Batches from hosts, between the bus's delivery loop and the writer to relayed players' sockets, bounded at
/// <c>capacity</c>. Overload policy: when full, the oldest batch of state frames only is dropped (the next state
/// supersedes it); if every waiting batch carries more than state (joins, game events, ends), the oldest is dropped.
/// Either way the frames dropped are counted. Inputs never pass here.
/// </summary>
public sealed class RelayInbox(int capacity, MatchMetrics metrics) : IDisposable
{
    private readonly Lock gate = new();
    private readonly LinkedList<RelayBatch> waiting = new();
    private readonly SemaphoreSlim available = new(0);

    public int Count
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    /// <summary>Frames dropped so far (each frame once per player it was for).</summary>
    public long DroppedFrames { get; private set; }

    public void Dispose() => available.Dispose();

    public void Add(RelayBatch batch)
    {
        lock (gate)
        {
            if (waiting.Count >= Math.Max(1, capacity))
            {
                var victim = waiting.First;
                for (var n = waiting.First; n is not null; n = n.Next)
                {
                    if (n.Value.Droppable)
                    {
                        victim = n;
                        break;
                    }
                }

                var frames = victim!.Value.Frames.Sum(f => (long)f.Players.Count);
                waiting.Remove(victim);
                DroppedFrames += frames;
                metrics.RelayFramesDropped(frames);
            }

            waiting.AddLast(batch);
        }

        available.Release();
    }

    /// <summary>The oldest waiting batch; waits for one.</summary>
    public async Task<RelayBatch> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            await available.WaitAsync(ct);
            lock (gate)
            {
                if (waiting.First is { } first)
                {
                    waiting.RemoveFirst();
                    return first.Value;
                }
            }

            // A release whose batch was dropped as overload: wait for the next.
        }
    }
}
