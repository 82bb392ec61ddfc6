using System.Threading.Channels;
using Asobi.Node.Matches;

namespace Asobi.Node.Matchmaking;

/// <summary>
/// Ticket bookkeeping that must not hold up a socket's loop or the bus: a player's socket authenticated here, or a
/// formed match was pushed to players here. Bounded (<see cref="Capacity"/> jobs); when full the job is dropped and
/// counted: a connecting player is then not told of an untold match on this connect (their ticket still names the
/// match), and a dropped "told" mark may let a player be told twice.
/// </summary>
public sealed class TicketFollowUps(MatchMetrics metrics)
{
    public const int Capacity = 8192;

    private readonly Channel<FollowUp> jobs = Channel.CreateBounded<FollowUp>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    internal ChannelReader<FollowUp> Reader => jobs.Reader;

    /// <summary>A socket of the player authenticated on this node.</summary>
    public void Connected(Guid playerId) => Write(new FollowUp(playerId, null));

    /// <summary><c>match.matched</c> reached a socket of the player on this node.</summary>
    public void Told(Guid matchId, Guid playerId) => Write(new FollowUp(playerId, matchId));

    private void Write(FollowUp job)
    {
        if (!jobs.Writer.TryWrite(job))
        {
            metrics.FollowUpDropped();
        }
    }
}

/// <summary>One job: a connect (<paramref name="TellOf"/> null) or a told mark for the match <paramref name="TellOf"/>.</summary>
internal readonly record struct FollowUp(Guid PlayerId, Guid? TellOf);
