using System.Text;
using Asobi.Bus;
using Asobi.Cluster;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Fanout;
using Asobi.Node.Social.Friends;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Social.Presence;

/// <summary>
/// A player is online while any live node holds one of their sockets. This node counts its own sockets per player;
/// the first opened and the last closed are written to <c>presence_sockets</c> by one background loop, which also
/// re-checks this node's rows against its sockets and reaps rows of dead nodes every reconcile interval. Whoever's
/// write turns a player online or offline announces <c>presence.changed</c> to the player's accepted friends.
/// Socket events come from <see cref="PresenceTracker"/>'s bounded queue; what it dropped, the next reconcile repairs
/// (and announces). Announcements travel on their own bus topic with the player's presence version; each node
/// delivers only versions newer than the last it delivered for that player, so an older "offline" from one node
/// cannot overtake a newer "online" from another.
/// </summary>
public sealed partial class PresenceService(
    PresenceStore store,
    PresenceTracker tracker,
    PresenceVersions versions,
    FriendStore friends,
    FanoutRouter router,
    IClusterBus bus,
    NodeIdentity identity,
    IOptions<PresenceOptions> options,
    IOptions<ClusterOptions> cluster,
    SocialMetrics metrics,
    TimeProvider time,
    ILogger<PresenceService> logger) : BackgroundService
{
    public const string ChangedType = "presence.changed";

    /// <summary>Bus topic; data is <c>&lt;player&gt;:&lt;version&gt;:&lt;friend&gt;,&lt;friend&gt;…\n&lt;frame&gt;</c>.</summary>
    public const string BusTopic = "social.presence";

    private IDisposable? subscription;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = bus.Subscribe(BusTopic, OnBusMessage);
        return base.StartAsync(cancellationToken);
    }

    private TimeSpan NodeTimeout => cluster.Value.NodeTimeout;

    /// <summary>presence.update: stores the status and tells the player's friends.</summary>
    public async Task<PresenceState?> UpdateStatusAsync(Guid player, string status, CancellationToken ct)
    {
        var state = await store.SetStatusAsync(player, status, ct);
        if (state is not null)
        {
            await AnnounceAsync(player, online: true, state, "status", ct);
        }

        return state;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var next = time.GetUtcNow() + options.Value.ReconcileInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wait = next - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    timeout.CancelAfter(wait);
                    try
                    {
                        if (await tracker.Events.WaitToReadAsync(timeout.Token))
                        {
                            while (tracker.Events.TryRead(out var item))
                            {
                                await ApplyAsync(item.Player, item.Connected, stoppingToken);
                            }

                            continue;
                        }
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // The reconcile time has come.
                    }
                }

                next = time.GetUtcNow() + options.Value.ReconcileInterval;
                await ReconcileAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is away: the next reconcile repairs whatever was missed.
                LogPresenceFailed(ex);
                next = time.GetUtcNow() + options.Value.ReconcileInterval;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        subscription?.Dispose();

        // A graceful stop: this node's players go offline now rather than when its registry row expires.
        try
        {
            foreach (var player in await store.PlayersOfNodeAsync(identity.NodeId, cancellationToken))
            {
                await ApplyAsync(player, connected: false, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPresenceFailed(ex); // the survivors reap our rows once our registry row expires
        }
    }

    private async Task ApplyAsync(Guid player, bool connected, CancellationToken ct)
    {
        var state = connected
            ? await store.ConnectAsync(player, identity.NodeId, NodeTimeout, ct)
            : await store.DisconnectAsync(player, identity.NodeId, NodeTimeout, ct);
        if (state is { Changed: true })
        {
            await AnnounceAsync(player, connected, state, connected ? "online" : "offline", ct);
        }
    }

    /// <summary>Makes this node's rows match its sockets (repairing dropped or failed writes) and reaps dead nodes' rows.</summary>
    private async Task ReconcileAsync(CancellationToken ct)
    {
        var stored = await store.PlayersOfNodeAsync(identity.NodeId, ct);
        var local = tracker.LocalPlayers().ToHashSet();
        foreach (var player in local.Except(stored))
        {
            await ApplyAsync(player, connected: true, ct);
        }

        foreach (var player in stored.Except(local))
        {
            await ApplyAsync(player, connected: false, ct);
        }

        foreach (var (player, deadNode) in await store.ReapAsync(identity.NodeId, NodeTimeout, ct))
        {
            var state = await store.OfflineCheckAsync(player, deadNode, NodeTimeout, ct);
            if (state is { Changed: true })
            {
                await AnnounceAsync(player, online: false, state, "reaped", ct);
            }
        }
    }

    private async Task AnnounceAsync(Guid player, bool online, PresenceState state, string kind, CancellationToken ct)
    {
        metrics.PresenceChanged(kind);
        var to = await friends.AcceptedFriendsAsync(player, ct);
        if (to.Count == 0)
        {
            return;
        }

        var frame = Envelope.Serialize(ChangedType, new PresenceChanged(player, online, state.Status, state.LastSeen.ToUnixTimeMilliseconds()));
        metrics.Sent(ChangedType);
        if (versions.TryMarkNewer(player, state.Version))
        {
            router.DeliverToPlayers(to, ChangedType, frame);
        }

        var data = string.Concat($"{player:D}:{state.Version}:", string.Join(',', to), "\n", Encoding.UTF8.GetString(frame));
        if (!bus.TryPublish(BusTopic, data))
        {
            metrics.BusDropped();
        }
    }

    private ValueTask OnBusMessage(BusMessage message)
    {
        if (message.OriginNodeId == identity.NodeId)
        {
            return ValueTask.CompletedTask;
        }

        var data = message.Data;
        var newline = data.IndexOf('\n', StringComparison.Ordinal);
        var head = newline > 0 ? data.AsSpan(0, newline) : default;
        var first = head.IndexOf(':');
        var second = first > 0 ? head[(first + 1)..].IndexOf(':') : -1;
        if (second < 0
            || !Guid.TryParse(head[..first], out var player)
            || !long.TryParse(head.Slice(first + 1, second), System.Globalization.CultureInfo.InvariantCulture, out var version)
            || !versions.TryMarkNewer(player, version))
        {
            return ValueTask.CompletedTask;
        }

        var friendsList = new List<Guid>();
        var ids = head[(first + second + 2)..];
        foreach (var range in ids.Split(','))
        {
            if (Guid.TryParse(ids[range], out var id))
            {
                friendsList.Add(id);
            }
        }

        router.DeliverToPlayers(friendsList, ChangedType, Encoding.UTF8.GetBytes(data[(newline + 1)..]));
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Presence write failed; the next reconcile repairs it")]
    private partial void LogPresenceFailed(Exception ex);
}

/// <summary><c>presence.changed</c> payload; <c>last_seen</c> in Unix ms.</summary>
public sealed record PresenceChanged(Guid PlayerId, bool Online, string Status, long LastSeen);
