using Asobi.Node.Realtime;

namespace Asobi.Node.Matches;

/// <summary>What a join ends in: seated here (frames already sent), a redirect to the host, a relayed seat, or an error.</summary>
public sealed record JoinReply(MatchInfo? Joined, MatchMigration? Migrate, WsError? Error)
{
    public static JoinReply Ok(MatchInfo info) => new(info, null, null);

    public static JoinReply Redirect(MatchMigration migration) => new(null, migration, null);

    public static JoinReply Fail(WsError error) => new(null, null, error);

    /// <summary>Seated on another node through the relay: the host's answer reaches the socket from there.</summary>
    public static readonly JoinReply Relayed = new(null, null, null);
}

/// <summary>The <c>match.migrate</c> payload: where the match runs.</summary>
public sealed record MatchMigration(Guid MatchId, string NodeId, string Url);
