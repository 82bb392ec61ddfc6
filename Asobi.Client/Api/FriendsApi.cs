using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Friend requests, friendships and blocks (<c>friends</c>).</summary>
public sealed class FriendsApi
{
    private readonly RestTransport rest;

    internal FriendsApi(RestTransport rest) => this.rest = rest;

    /// <summary>The caller's friendships; <paramref name="status"/> filters (<c>pending</c>, <c>accepted</c>, <c>blocked</c>).</summary>
    public Task<FriendList> ListAsync(string? status = null, int? limit = null, CancellationToken ct = default) =>
        rest.SendAsync<FriendList>(HttpMethod.Get, Query.Path("friends", ("status", status), ("limit", limit)), null, ct);

    /// <summary>Sends a friend request (the other player gets a <c>friend_request</c> notification).</summary>
    public Task<Friendship> RequestAsync(Guid friendId, CancellationToken ct = default) =>
        rest.SendAsync<Friendship>(HttpMethod.Post, "friends", new { friend_id = friendId }, ct);

    public Task<Friendship> AcceptAsync(Guid friendId, CancellationToken ct = default) => SetStatusAsync(friendId, "accepted", ct);

    public Task<Friendship> BlockAsync(Guid friendId, CancellationToken ct = default) => SetStatusAsync(friendId, "blocked", ct);

    /// <summary>Unfriends, withdraws, declines, or lifts one's own block.</summary>
    public Task RemoveAsync(Guid friendId, CancellationToken ct = default) =>
        rest.SendAsync(HttpMethod.Delete, "friends/" + Query.Segment(friendId), null, ct);

    private Task<Friendship> SetStatusAsync(Guid friendId, string status, CancellationToken ct) =>
        rest.SendAsync<Friendship>(HttpMethod.Put, "friends/" + Query.Segment(friendId), new { status }, ct);
}
