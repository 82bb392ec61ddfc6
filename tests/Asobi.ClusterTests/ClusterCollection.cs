// Cluster tests start real processes; running them one at a time keeps a two-core machine responsive.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Asobi.ClusterTests;

/// <summary>Tests that share one running cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
