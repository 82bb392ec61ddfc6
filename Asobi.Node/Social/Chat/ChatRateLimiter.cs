using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Asobi.Node.Realtime;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Social.Chat;

/// <summary>
/// Per-player send budget (chat and DMs share it) that holds across the cluster without a database round trip per
/// message. Each node decides locally with its own token bucket; nodes that hold the same player tell each other how
/// many messages the player sent, every <see cref="ChatOptions.RateSyncInterval"/> (<see cref="ChatRateSync"/>), and
/// each debits its bucket by the other nodes' sends. A player on one node only costs one dictionary lookup and a
/// bucket update per message: reporting starts when a second node says hello for the same player.
/// Overload policy: hellos and acks wait in a bounded queue; when it is full they are dropped (and counted), and
/// that player's limit stays per node until either node reports a send.
/// </summary>
public sealed class ChatRateLimiter(IOptions<ChatOptions> options, TimeProvider time, IServiceProvider services) : ISocketObserver
{
    private const int AnnouncementCapacity = 65_536;

    private readonly ConcurrentDictionary<Guid, ChatSendBudget> budgets = new();
    private readonly ConcurrentDictionary<Guid, ChatSendBudget> shared = new();
    private readonly Channel<(char Kind, Guid Player)> announcements = Channel.CreateBounded<(char, Guid)>(
        new BoundedChannelOptions(AnnouncementCapacity) { FullMode = BoundedChannelFullMode.DropWrite });

    private long droppedAnnouncements;

    /// <summary>Hellos and acks dropped because their queue was full.</summary>
    public long DroppedAnnouncements => Interlocked.Read(ref droppedAnnouncements);

    /// <summary>Players this node reports sends of.</summary>
    public int SharedCount => shared.Count;

    public bool TryTake(Guid playerId)
    {
        if (!budgets.TryGetValue(playerId, out var budget))
        {
            // No socket of the player here (a REST send): report its sends, other nodes may hold the player.
            budget = budgets.GetOrAdd(playerId, static (_, self) => self.NewBudget(), this);
            Share(playerId, budget);
        }

        return budget.TryTake();
    }

    public void OnAuthenticated(SocketSession socket)
    {
        if (socket.PlayerId is not { } player || budgets.ContainsKey(player))
        {
            return;
        }

        // The player's first socket here: ask other nodes that hold them to report (they answer with an ack).
        if (budgets.TryAdd(player, NewBudget()))
        {
            Announce(ChatRateReport.Hello, player);
        }
    }

    public void OnClosed(SocketSession socket)
    {
        // LocalSockets depends on observers, so it is resolved lazily here rather than injected.
        if (socket.PlayerId is { } player && !Sockets.HasPlayer(player))
        {
            budgets.TryRemove(player, out _);
            shared.TryRemove(player, out _);
        }
    }

    /// <summary>Applies another node's report: debits budgets by their sends and starts reporting those players back.</summary>
    public void Apply(string report)
    {
        foreach (var (kind, player, count) in ChatRateReport.Parse(report))
        {
            if (!budgets.TryGetValue(player, out var budget))
            {
                continue; // not limited here: nothing to debit, nothing to report
            }

            Share(player, budget);
            if (kind == ChatRateReport.Hello)
            {
                Announce(ChatRateReport.Ack, player);
            }
            else if (kind == ChatRateReport.Count)
            {
                budget.Debit(count);
            }
        }
    }

    /// <summary>
    /// What to tell other nodes now (hellos, acks, sends since the last call), as reports of at most
    /// <paramref name="maxChars"/> characters each; empty when there is nothing to say.
    /// </summary>
    public List<string> TakeReports(int maxChars)
    {
        var reports = new List<string>();
        var current = new StringBuilder();
        void Add(char kind, Guid player, int count)
        {
            if (current.Length + ChatRateReport.MaxEntryLength + 1 > maxChars)
            {
                reports.Add(current.ToString());
                current.Clear();
            }

            ChatRateReport.Append(current, kind, player, count);
        }

        while (announcements.Reader.TryRead(out var a))
        {
            Add(a.Kind, a.Player, 0);
        }

        foreach (var (player, budget) in shared)
        {
            if (budget.TakeUnreported() is > 0 and var sent)
            {
                Add(ChatRateReport.Count, player, sent);
            }
        }

        if (current.Length > 0)
        {
            reports.Add(current.ToString());
        }

        return reports;
    }

    /// <summary>After a bus outage (hellos may be lost): report every player's sends until their sockets close.</summary>
    public void ShareAll()
    {
        foreach (var (player, budget) in budgets)
        {
            Share(player, budget);
        }
    }

    /// <summary>Forgets full budgets of players with no socket here (REST senders); returns how many.</summary>
    public int Sweep()
    {
        var removed = 0;
        foreach (var (player, budget) in budgets)
        {
            if (budget.IsFull && !Sockets.HasPlayer(player) && budgets.TryRemove(new KeyValuePair<Guid, ChatSendBudget>(player, budget)))
            {
                shared.TryRemove(player, out _);
                removed++;
            }
        }

        return removed;
    }

    private LocalSockets Sockets => services.GetRequiredService<LocalSockets>();

    private ChatSendBudget NewBudget() => new(options.Value.SendsPerSecond, time);

    private void Share(Guid player, ChatSendBudget budget)
    {
        if (budget.Share())
        {
            shared[player] = budget;
        }
    }

    private void Announce(char kind, Guid player)
    {
        if (!announcements.Writer.TryWrite((kind, player)))
        {
            Interlocked.Increment(ref droppedAnnouncements);
        }
    }
}
