using Asobi.Bus;
using Asobi.Cluster;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Fanout;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Social.Presence;

/// <summary>
/// Delivers the <c>presence.changed</c> this node missed while its bus listener was away. Presence is stored before it
/// is announced, so when the bus reconnects this node re-reads the presence of its players' friends written since it
/// last saw the bus connected (less a margin for clock skew, at most <see cref="PresenceOptions.CatchUpWindow"/>) and
/// delivers each friend's state as it is now, unless that version or a newer one was delivered already. A friend
/// whose only change was invisible (another socket opened or closed) is repeated with the state the player saw.
/// </summary>
public sealed partial class PresenceCatchUp(
    PresenceStore store,
    PresenceTracker players,
    PresenceVersions versions,
    FanoutRouter router,
    BusConnectedClock clock,
    IClusterBus bus,
    IOptions<PresenceOptions> options,
    IOptions<ClusterOptions> cluster,
    ILogger<PresenceCatchUp> logger) : BusCatchUp(bus)
{
    /// <summary>Most friends one catch-up reads; the rest are current on the next change or over REST.</summary>
    public const int MaxPlayers = 10_000;

    /// <summary>Runs on the bus delivery loop: live announcements wait until it is done, then older versions are dropped.</summary>
    public override async ValueTask CatchUpAsync(CancellationToken ct)
    {
        var local = players.LocalPlayers();
        if (local.Count == 0)
        {
            return;
        }

        var since = clock.CatchUpSince(options.Value.CatchUpWindow);
        IReadOnlyList<FriendPresence> changed;
        try
        {
            changed = await store.FriendsChangedSinceAsync(since, local, cluster.Value.NodeTimeout, MaxPlayers, ct);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            LogCatchUpFailed(ex);
            return;
        }

        var count = 0;
        foreach (var p in changed)
        {
            if (!versions.TryMarkNewer(p.PlayerId, p.Version))
            {
                continue;
            }

            count++;
            var frame = Envelope.Serialize(
                PresenceService.ChangedType,
                new PresenceChanged(p.PlayerId, p.Online, p.Status, p.LastSeen.ToUnixTimeMilliseconds()));
            router.DeliverToPlayers(p.Friends, PresenceService.ChangedType, frame);
        }

        if (count > 0 || changed.Count == MaxPlayers)
        {
            LogCaughtUp(count, since, changed.Count == MaxPlayers);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bus catch-up delivered the presence of {Count} friends changed since {Since} (truncated: {Truncated})")]
    private partial void LogCaughtUp(int count, DateTimeOffset since, bool truncated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bus catch-up could not read recent presence; friends see it on their next change or over REST")]
    private partial void LogCatchUpFailed(Exception ex);
}
