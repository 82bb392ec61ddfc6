namespace Asobi.Matchmaking;

/// <summary>Bus topics between the matchmaker leader and the nodes.</summary>
public static class MatchmakingTopics
{
    /// <summary>Leader → host node: create this match (<see cref="MatchPlacement"/>).</summary>
    public const string Place = "matchmaking.place";

    /// <summary>Host node → everyone (leader included): the match runs; tell its players (<see cref="MatchAnnouncement"/>).</summary>
    public const string Matched = "matchmaking.matched";

    /// <summary>Leader → nodes: push a frame to some players (<see cref="PlayerNotice"/>), e.g. expired or failed tickets.</summary>
    public const string Notice = "matchmaking.notice";
}
