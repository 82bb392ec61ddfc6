namespace Asobi.ClusterTests.Social;

/// <summary>
/// Tests that SIGKILL a replica get a cluster of their own, so the shared <c>cluster</c> collection never sees a
/// missing replica (a restarted replica may bind another port than the one other tests know).
/// </summary>
[CollectionDefinition(Name)]
public sealed class NodeKillCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster-node-kill";
}
