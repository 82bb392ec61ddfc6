using Asobi.Node.Realtime;

namespace Asobi.Node.Matches;

/// <summary>Socket errors of the match namespace.</summary>
public static class MatchErrors
{
    public static readonly WsError NotFound = new("match.not_found", "not_found", "No such match.");
    public static readonly WsError Full = new("match.full", "match_full", "The match has no free seat.");
    public static readonly WsError Finished = new("match.finished", "match_finished", "The match has already finished.");
    public static readonly WsError Aborted = new("match.aborted", "match_aborted", "The match was aborted: its host node stopped.");
    public static readonly WsError NotInMatch = new("match.not_in_match", "not_in_match", "You are not in a match on this node; send match.join first.");
    public static readonly WsError UnknownMode = new("match.unknown_mode", "unknown_mode", "No such game mode; GET /api/v1/modes lists them.");
    public static readonly WsError HostUnreachable = new("match.host_unreachable", "host_unreachable", "The match's host node did not answer; try again.");
    public static readonly WsError NodeFull = new("match.node_full", "node_full", "This node hosts as many matches as it may; try again later.");
}
