namespace Asobi.Node.Matches;

/// <summary>Where a match server's frames go: the player's sockets on this node (tests capture them instead).</summary>
public interface IMatchOutput
{
    void Send(Guid playerId, byte[] frame);
}
