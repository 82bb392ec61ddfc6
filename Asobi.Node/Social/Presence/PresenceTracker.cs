using System.Threading.Channels;
using Asobi.Node.Realtime;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Social.Presence;

/// <summary>
/// Counts this node's sockets per player and queues the first open and last close for <see cref="PresenceService"/>
/// to write. Overload policy: the queue is bounded; when full an event is dropped and the next reconcile repairs it.
/// Has no dependencies on purpose: socket observers are built together with <see cref="LocalSockets"/>.
/// </summary>
public sealed class PresenceTracker(IOptions<PresenceOptions> options) : ISocketObserver
{
    private readonly Dictionary<Guid, int> counts = [];
    private readonly Channel<(Guid Player, bool Connected)> queue = Channel.CreateBounded<(Guid, bool)>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<(Guid Player, bool Connected)> Events => queue.Reader;

    /// <summary>Socket events dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    private long dropped;

    public void OnAuthenticated(SocketSession socket)
    {
        if (socket.PlayerId is { } player && Adjust(player, +1) == 1)
        {
            Enqueue(player, connected: true);
        }
    }

    public void OnClosed(SocketSession socket)
    {
        if (socket.PlayerId is { } player && Adjust(player, -1) == 0)
        {
            Enqueue(player, connected: false);
        }
    }

    /// <summary>Players with at least one socket on this node.</summary>
    public List<Guid> LocalPlayers()
    {
        lock (counts)
        {
            return [.. counts.Keys];
        }
    }

    private void Enqueue(Guid player, bool connected)
    {
        if (!queue.Writer.TryWrite((player, connected)))
        {
            Interlocked.Increment(ref dropped);
        }
    }

    private int Adjust(Guid player, int delta)
    {
        lock (counts)
        {
            var count = counts.GetValueOrDefault(player) + delta;
            if (count <= 0)
            {
                counts.Remove(player);
                return 0;
            }

            counts[player] = count;
            return count;
        }
    }
}
