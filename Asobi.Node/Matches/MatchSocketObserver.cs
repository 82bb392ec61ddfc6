using Asobi.Node.Realtime;

namespace Asobi.Node.Matches;

/// <summary>Starts a player's seat grace period when their last socket on this node closes.</summary>
public sealed class MatchSocketObserver(IServiceProvider services) : ISocketObserver
{
    // Resolved lazily: the match service depends on LocalSockets, which is built from the observers.
    private MatchService Matches => services.GetRequiredService<MatchService>();

    public void OnAuthenticated(SocketSession socket)
    {
    }

    public void OnClosed(SocketSession socket)
    {
        if (socket.PlayerId is { } player)
        {
            Matches.SocketClosed(player);
        }
    }
}
