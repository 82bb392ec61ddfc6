using Asobi.Cluster;
using Asobi.Matchmaking;

namespace Asobi.UnitTests.Matchmaking;

public sealed class NodePlacementTests
{
    private static NodeRecord Node(string id, int matches) =>
        new(id, $"ws://{id}/ws", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0, 0, matches);

    [Fact]
    public void The_node_holding_most_of_the_players_hosts_the_match_even_if_busier()
    {
        var chosen = NodePlacement.Choose([Node("a", 0), Node("b", 50)], ["b", "b", "a", null], new Dictionary<string, int>());
        Assert.Equal("b", chosen!.NodeId);
    }

    [Fact]
    public void Without_a_locality_preference_the_least_loaded_node_wins_counting_this_ticks_placements()
    {
        var live = new[] { Node("a", 3), Node("b", 4) };
        Assert.Equal("a", NodePlacement.Choose(live, [], new Dictionary<string, int>())!.NodeId);
        Assert.Equal("b", NodePlacement.Choose(live, [], new Dictionary<string, int> { ["a"] = 2 })!.NodeId);
    }

    [Fact]
    public void An_excluded_node_is_not_chosen_and_no_live_node_means_no_placement()
    {
        Assert.Equal("b", NodePlacement.Choose([Node("a", 0), Node("b", 9)], ["a"], new Dictionary<string, int>(), ["a"])!.NodeId);
        Assert.Null(NodePlacement.Choose([], ["a"], new Dictionary<string, int>()));
    }
}
