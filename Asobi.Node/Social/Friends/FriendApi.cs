using Asobi.Node.Http;
using static Asobi.Node.Social.SocialHttp;

namespace Asobi.Node.Social.Friends;

/// <summary>Friends over REST; the list carries accepted friends' presence, so a client needs no polling on connect.</summary>
public static class FriendApi
{
    // GET    friends?status&limit          my friendships (blocks only when I blocked)
    // POST   friends {friend_id}           request → pending, notifies the recipient
    // PUT    friends/{friend_id} {status}  accepted (recipient) | blocked (either side)
    // DELETE friends/{friend_id}           unfriend, withdraw, decline, or lift my block
    public static RouteGroupBuilder MapFriendApi(this RouteGroupBuilder api)
    {
        var friends = api.MapGroup("/friends").RequireAuthorization();
        friends.MapGet("/", ListAsync);
        friends.MapPost("/", RequestAsync);
        friends.MapPut("/{friendId}", UpdateAsync);
        friends.MapDelete("/{friendId}", DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(string? status, int? limit, HttpContext http, FriendService service, CancellationToken ct)
    {
        if (status is not (null or Friendship.Pending or Friendship.Accepted or Friendship.Blocked))
        {
            return Error(SocialErrors.Invalid.WithMessage("status must be pending, accepted or blocked."));
        }

        var me = Caller(http);
        var entries = await service.ListAsync(me, status, limit ?? 100, ct);
        return Json(new { friends = entries.Select(e => View(me, e)) });
    }

    private static async Task<IResult> RequestAsync(HttpContext http, FriendService service, CancellationToken ct)
    {
        var (body, bad) = await JsonBody.ReadAsync<RequestBody>(http.Request, ct);
        if (bad is not null)
        {
            return bad;
        }

        if (body!.FriendId is not { } friend)
        {
            return ApiError.Validation(new Dictionary<string, string> { ["friend_id"] = "Required: a player id." });
        }

        var me = Caller(http);
        var result = await service.RequestAsync(me, friend, ct);
        return result.Error is { } error ? Error(error) : Json(View(me, new FriendEntry(result.Value!, false, null, null)), StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(string friendId, HttpContext http, FriendService service, CancellationToken ct)
    {
        if (!Guid.TryParse(friendId, out var friend))
        {
            return Error(SocialErrors.NotFound.WithMessage("No such player."));
        }

        var (body, bad) = await JsonBody.ReadAsync<UpdateBody>(http.Request, ct);
        if (bad is not null)
        {
            return bad;
        }

        var me = Caller(http);
        var result = await service.UpdateAsync(me, friend, body!.Status, ct);
        return result.Error is { } error ? Error(error) : Json(View(me, new FriendEntry(result.Value!, false, null, null)));
    }

    private static async Task<IResult> DeleteAsync(string friendId, HttpContext http, FriendService service, CancellationToken ct)
    {
        if (!Guid.TryParse(friendId, out var friend))
        {
            return Error(SocialErrors.NotFound.WithMessage("No such player."));
        }

        var result = await service.DeleteAsync(Caller(http), friend, ct);
        return result.Error is { } error ? Error(error) : Results.NoContent();
    }

    private static FriendView View(Guid me, FriendEntry e)
    {
        var f = e.Friendship;
        var accepted = f.Status == Friendship.Accepted;
        return new FriendView(
            f.Other(me), f.Status, f.PlayerId == me ? "outgoing" : "incoming", f.CreatedAt, f.UpdatedAt,
            accepted ? new PresenceView(e.Online, e.PresenceStatus ?? "offline", e.LastSeen?.ToUnixTimeMilliseconds()) : null);
    }

    private sealed record RequestBody(Guid? FriendId);

    private sealed record UpdateBody(string? Status);

    private sealed record FriendView(Guid FriendId, string Status, string Direction, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, PresenceView? Presence);

    private sealed record PresenceView(bool Online, string Status, long? LastSeen);
}
