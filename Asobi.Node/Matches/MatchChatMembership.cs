using Asobi.Node.Social.Chat;

namespace Asobi.Node.Matches;

/// <summary>
/// Who may use a <c>match:&lt;match_id&gt;</c> chat channel: the players of that match while it is not over. Matches
/// hosted here answer from memory; others from the cluster-wide match record.
/// </summary>
public sealed class MatchChatMembership(MatchDirectory local, MatchStore store) : IMatchMembership
{
    public async Task<bool> IsPlayerInMatchAsync(string matchId, Guid playerId, CancellationToken ct)
    {
        if (!Guid.TryParse(matchId, out var id))
        {
            return false;
        }

        if (local.IsPlayerInMatch(id, playerId))
        {
            return true;
        }

        var record = await store.GetAsync(id, ct);
        return record is not null
            && record.Status is not ("finished" or "aborted")
            && record.Players.Contains(playerId);
    }
}
