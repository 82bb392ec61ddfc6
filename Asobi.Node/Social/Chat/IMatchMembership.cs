namespace Asobi.Node.Social.Chat;

/// <summary>Whether a player holds a seat in a match: the access rule of <c>match:&lt;match_id&gt;</c> channels.</summary>
public interface IMatchMembership
{
    Task<bool> IsPlayerInMatchAsync(string matchId, Guid playerId, CancellationToken ct);
}

/// <summary>Used until matches register their own membership: nobody is in any match, so match channels answer chat.forbidden.</summary>
public sealed class NoMatchMembership : IMatchMembership
{
    public Task<bool> IsPlayerInMatchAsync(string matchId, Guid playerId, CancellationToken ct) => Task.FromResult(false);
}
