using Asobi.Node.Matchmaking;
using Asobi.Node.Realtime;

namespace Asobi.Node.Matches;

/// <summary>
/// Starts a player's seat grace period when their last socket on this node closes; on authentication, queues the
/// player's ticket follow-up (tickets move to this node, an untold match is pushed).
/// </summary>
public sealed class MatchSocketObserver(IServiceProvider services, TicketFollowUps followUps) : ISocketObserver
{
    // Resolved lazily: the match service depends on LocalSockets, which is built from the observers.
    private MatchService Matches => services.GetRequiredService<MatchService>();

    public void OnAuthenticated(SocketSession socket)
    {
        if (socket.PlayerId is { } player)
        {
            followUps.Connected(player);
        }
    }

    public void OnClosed(SocketSession socket)
    {
        if (socket.PlayerId is { } player)
        {
            Matches.SocketClosed(player);
        }
    }
}
