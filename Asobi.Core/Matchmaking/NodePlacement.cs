using Asobi.Cluster;

namespace Asobi.Matchmaking;

/// <summary>
/// Where a match should run: the live node already holding most of its players (fewest migrations), then the least
/// loaded (registry matches plus what this tick already placed there), then by node id so the choice is deterministic.
/// </summary>
public static class NodePlacement
{
    public static NodeRecord? Choose(
        IReadOnlyList<NodeRecord> live, IEnumerable<string?> playerNodes, IReadOnlyDictionary<string, int> placedThisTick, ICollection<string>? exclude = null)
    {
        var holding = playerNodes.Where(n => n is not null).GroupBy(n => n!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return live
            .Where(n => exclude is null || !exclude.Contains(n.NodeId))
            .OrderByDescending(n => holding.GetValueOrDefault(n.NodeId))
            .ThenBy(n => n.Matches + placedThisTick.GetValueOrDefault(n.NodeId))
            .ThenBy(n => n.NodeId, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
