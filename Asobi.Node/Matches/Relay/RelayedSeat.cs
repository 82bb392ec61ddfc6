namespace Asobi.Node.Matches.Relay;

/// <summary>A player of this node seated in a match on another node, and the state of its join there.</summary>
public sealed class RelayedSeat(Guid matchId, string hostNodeId, string mode, string? joinCidJson, DateTimeOffset joinDeadline)
{
    public Guid MatchId { get; } = matchId;

    public string HostNodeId { get; } = hostNodeId;

    public string Mode { get; } = mode;

    /// <summary>The cid of the join waiting for the host's answer (null when the join had none).</summary>
    internal string? JoinCidJson { get; } = joinCidJson;

    /// <summary>Until the host's first frame for the player arrives: when the join is given up as unanswered.</summary>
    internal DateTimeOffset? JoinDeadline { get; set; } = joinDeadline;

    /// <summary>Consecutive liveness checks that did not find the host in the registry.</summary>
    internal int HostMissing { get; set; }
}
