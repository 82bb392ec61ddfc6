using Asobi.Cluster;
using Asobi.Node.Social.Notifications;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asobi.Node.Social.Friends;

/// <summary>
/// Friend requests and their answers, as the Erlang Asobi has them: a request is pending until the recipient accepts
/// (or blocks); either side may block at any time and only the blocker can lift a block; deleting ends a friendship,
/// withdraws or declines a request. Requests and acceptances notify the other player.
/// </summary>
public sealed class FriendService(FriendStore store, NotificationService notifications, IOptions<ClusterOptions> cluster)
{
    private const string ForeignKeyViolation = "23503";

    public async Task<SocialResult<Friendship>> RequestAsync(Guid me, Guid friend, CancellationToken ct)
    {
        if (me == friend)
        {
            return SocialErrors.Invalid.WithMessage("You cannot befriend yourself.");
        }

        Friendship? created;
        try
        {
            created = await store.RequestAsync(me, friend, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == ForeignKeyViolation)
        {
            return SocialErrors.NotFound.WithMessage("No such player.");
        }

        if (created is null)
        {
            var existing = await store.GetAsync(me, friend, ct);
            return existing?.Status == Friendship.Blocked
                ? SocialErrors.NotPermitted.WithMessage("This player cannot be asked.")
                : SocialErrors.Conflict.WithMessage($"A friendship with this player already exists ({existing?.Status ?? "gone"}).");
        }

        await notifications.SendAsync(friend, "friend_request", "New friend request", new { from_player_id = me }, ct);
        return created;
    }

    /// <summary>PUT friends/{id} {status}: <c>accepted</c> (recipient of a pending request) or <c>blocked</c> (either side).</summary>
    public async Task<SocialResult<Friendship>> UpdateAsync(Guid me, Guid friend, string? status, CancellationToken ct)
    {
        if (me == friend)
        {
            return SocialErrors.Invalid.WithMessage("You cannot change a friendship with yourself.");
        }

        switch (status)
        {
            case Friendship.Accepted:
                var accepted = await store.AcceptAsync(me, friend, ct);
                if (accepted is null)
                {
                    return SocialErrors.NotFound.WithMessage("No pending request from this player to you.");
                }

                await notifications.SendAsync(friend, "friend_accepted", "Friend request accepted", new { player_id = me }, ct);
                return accepted;
            case Friendship.Blocked:
                try
                {
                    var blocked = await store.BlockAsync(me, friend, ct);
                    return blocked is not null ? blocked : SocialErrors.Conflict.WithMessage("This pair is blocked already.");
                }
                catch (PostgresException ex) when (ex.SqlState == ForeignKeyViolation)
                {
                    return SocialErrors.NotFound.WithMessage("No such player.");
                }

            default:
                return SocialErrors.Invalid.WithMessage("status must be \"accepted\" or \"blocked\".");
        }
    }

    public async Task<SocialResult<Friendship>> DeleteAsync(Guid me, Guid friend, CancellationToken ct)
    {
        var removed = await store.DeleteAsync(me, friend, ct);
        if (removed is not null)
        {
            return removed;
        }

        return await store.GetAsync(me, friend, ct) is null
            ? SocialErrors.NotFound.WithMessage("No friendship with this player.")
            : SocialErrors.NotPermitted.WithMessage("Only the player who blocked can lift a block.");
    }

    public Task<IReadOnlyList<FriendEntry>> ListAsync(Guid me, string? status, int limit, CancellationToken ct) =>
        store.ListAsync(me, status, Math.Clamp(limit, 1, 1000), cluster.Value.NodeTimeout, ct);
}
