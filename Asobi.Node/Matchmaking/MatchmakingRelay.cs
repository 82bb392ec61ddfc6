using System.Threading.Channels;
using Asobi.Bus;
using Asobi.Matchmaking;
using Asobi.Node.Matches;
using Asobi.Node.Realtime;

namespace Asobi.Node.Matchmaking;

/// <summary>
/// Connects the node to the matchmaker through the bus: placements meant for this node, announcements of formed
/// matches, and notices (expired, failed) for local players. Placements are handled off the bus's delivery loop
/// through a bounded queue (full: the placement is dropped and logged; the leader re-places it after its timeout).
/// </summary>
public sealed partial class MatchmakingRelay(IClusterBus bus, MatchService matches, LocalSockets sockets, ILogger<MatchmakingRelay> logger)
    : BackgroundService
{
    private readonly Channel<MatchPlacement> placements = Channel.CreateBounded<MatchPlacement>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly List<IDisposable> subscriptions = [];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        subscriptions.Add(bus.Subscribe(MatchmakingTopics.Place, OnPlaceAsync));
        subscriptions.Add(bus.Subscribe(MatchmakingTopics.Matched, OnMatchedAsync));
        subscriptions.Add(bus.Subscribe(MatchmakingTopics.Notice, OnNoticeAsync));
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var s in subscriptions)
        {
            s.Dispose();
        }

        await base.StopAsync(cancellationToken);
        await matches.StopAllAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var placement in placements.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await matches.HostAsync(placement, stoppingToken);
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or BusUnavailableException or TimeoutException)
                {
                    LogPlacementFailed(placement.MatchId, ex); // unconfirmed: the leader re-places it
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private ValueTask OnPlaceAsync(BusMessage message)
    {
        if (MatchmakingJson.Read<MatchPlacement>(message.Data) is { } placement && !placements.Writer.TryWrite(placement))
        {
            LogPlacementFailed(placement.MatchId, null);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnMatchedAsync(BusMessage message)
    {
        if (MatchmakingJson.Read<MatchAnnouncement>(message.Data) is { } announcement)
        {
            matches.Announce(announcement);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnNoticeAsync(BusMessage message)
    {
        if (MatchmakingJson.Read<PlayerNotice>(message.Data) is { } notice)
        {
            var frame = Envelope.Serialize(notice.Type, notice.Payload);
            foreach (var player in notice.Players)
            {
                foreach (var socket in sockets.OfPlayer(player))
                {
                    socket.Send(frame);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take placement of match {MatchId}")]
    private partial void LogPlacementFailed(Guid matchId, Exception? ex);
}
