using System.Collections.Concurrent;

namespace Asobi.Node.Matches;

/// <summary>
/// The matches this node hosts and which match each local player is in. Other features (e.g. match chat) ask
/// <see cref="IsPlayerInMatch"/>; it only knows matches hosted here — use <see cref="MatchStore.GetAsync"/> for the cluster.
/// </summary>
public sealed class MatchDirectory
{
    private readonly ConcurrentDictionary<Guid, MatchServer> matches = new();
    private readonly ConcurrentDictionary<Guid, Guid> currentMatch = new();
    private readonly Social.Fanout.RecentIds<Guid> ended = new(10_000);

    public int Count => matches.Count;

    public bool TryAdd(MatchServer match) => matches.TryAdd(match.MatchId, match);

    public MatchServer? Get(Guid matchId) => matches.TryGetValue(matchId, out var m) ? m : null;

    public void Remove(Guid matchId)
    {
        if (matches.TryRemove(matchId, out _))
        {
            ended.TryMark(matchId);
            foreach (var entry in currentMatch.Where(e => e.Value == matchId).ToList())
            {
                currentMatch.TryRemove(entry);
            }
        }
    }

    public IEnumerable<MatchServer> All() => matches.Values;

    /// <summary>Whether the match ran here and ended lately (the last 10,000 ended here are remembered).</summary>
    public bool RecentlyEnded(Guid matchId) => ended.Contains(matchId);

    /// <summary>True when the match is hosted here and the player holds a seat in it.</summary>
    public bool IsPlayerInMatch(Guid matchId, Guid playerId) => Get(matchId)?.HasSeat(playerId) ?? false;

    /// <summary>The match the player last joined on this node, if it is still running.</summary>
    public MatchServer? CurrentOf(Guid playerId) =>
        currentMatch.TryGetValue(playerId, out var id) && Get(id) is { IsFinished: false } m ? m : null;

    public void SetCurrent(Guid playerId, Guid matchId) => currentMatch[playerId] = matchId;

    public void ClearCurrent(Guid playerId, Guid matchId) => currentMatch.TryRemove(new KeyValuePair<Guid, Guid>(playerId, matchId));
}
