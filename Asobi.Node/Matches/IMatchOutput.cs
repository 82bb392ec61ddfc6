namespace Asobi.Node.Matches;

/// <summary>
/// Where a match server's frames go: the player's sockets on this node, or the node that relays the player
/// (<see cref="Relay.HostedMatchOutput"/>); tests capture them instead.
/// </summary>
public interface IMatchOutput
{
    void Send(Guid playerId, byte[] frame);

    /// <summary>
    /// The end of one batch of sends (a tick, a join): what waits for relaying nodes leaves now, one bus event per node.
    /// <paramref name="droppable"/> marks a batch of state frames only, which a relay that falls behind may drop.
    /// </summary>
    void Flush(bool droppable)
    {
    }

    /// <summary>The match is over and its last frames are sent: flush, and relaying nodes forget the match.</summary>
    void Close() => Flush(droppable: false);

    /// <summary>The player no longer has a seat (left, or away past the grace): a relaying node forgets it.</summary>
    void SeatGivenUp(Guid playerId)
    {
    }
}
