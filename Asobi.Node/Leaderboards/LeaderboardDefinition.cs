namespace Asobi.Node.Leaderboards;

/// <summary>A board as configured: sort order, how a submitted score combines with the stored one, who may submit.</summary>
public sealed record LeaderboardDefinition(string Id, bool Descending, ScoreOperator Operator, bool ClientSubmit);
