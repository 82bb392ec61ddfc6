using System.Collections.Concurrent;
using Asobi.Node.Realtime;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Social.Chat;

/// <summary>
/// Per-player send budget on this node (chat and DMs share it). A player's bucket is forgotten when their last
/// socket on this node closes, so the table holds only connected players.
/// </summary>
public sealed class ChatRateLimiter(IOptions<ChatOptions> options, TimeProvider time, IServiceProvider services) : ISocketObserver
{
    private readonly ConcurrentDictionary<Guid, TokenBucket> buckets = new();

    public bool TryTake(Guid playerId)
    {
        var bucket = buckets.GetOrAdd(playerId, _ => new TokenBucket(options.Value.SendsPerSecond, time));
        lock (bucket)
        {
            return bucket.TryTake();
        }
    }

    public void OnAuthenticated(SocketSession socket)
    {
    }

    public void OnClosed(SocketSession socket)
    {
        // LocalSockets depends on observers, so it is resolved lazily here rather than injected.
        if (socket.PlayerId is { } player && !services.GetRequiredService<LocalSockets>().HasPlayer(player))
        {
            buckets.TryRemove(player, out _);
        }
    }
}
