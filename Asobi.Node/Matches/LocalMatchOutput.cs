using Asobi.Node.Realtime;

namespace Asobi.Node.Matches;

/// <summary>Sends to every socket the player has on this node; a socket's own bounded queue handles slow clients.</summary>
public sealed class LocalMatchOutput(LocalSockets sockets) : IMatchOutput
{
    public void Send(Guid playerId, byte[] frame)
    {
        foreach (var socket in sockets.OfPlayer(playerId))
        {
            socket.Send(frame);
        }
    }
}
