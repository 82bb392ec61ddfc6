namespace Asobi.ClusterTests.Matchmaking;

/// <summary>
/// Tests that SIGKILL a matchmaker get a cluster of their own, so the shared <c>cluster</c> collection always has both
/// matchmaker instances.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MatchmakerKillCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster-matchmaker-kill";
}
