namespace Asobi.IntegrationTests.Leaderboards;

/// <summary>Boards every leaderboard test node is configured with.</summary>
internal static class LeaderboardSettings
{
    public static Dictionary<string, string?> Boards() => new()
    {
        ["Asobi:Leaderboards:Boards:arena:ClientSubmit"] = "true",
        ["Asobi:Leaderboards:Boards:coins:Operator"] = "incr",
        ["Asobi:Leaderboards:Boards:coins:ClientSubmit"] = "true",
        ["Asobi:Leaderboards:Boards:debt:Operator"] = "decr",
        ["Asobi:Leaderboards:Boards:debt:ClientSubmit"] = "true",
        ["Asobi:Leaderboards:Boards:latest:Operator"] = "latest",
        ["Asobi:Leaderboards:Boards:latest:ClientSubmit"] = "true",
        ["Asobi:Leaderboards:Boards:speedrun:Order"] = "asc",
        ["Asobi:Leaderboards:Boards:speedrun:ClientSubmit"] = "true",
        ["Asobi:Leaderboards:Boards:ranked"] = null,
        ["Asobi:Leaderboards:Boards:ranked:Operator"] = "best",
    };
}
