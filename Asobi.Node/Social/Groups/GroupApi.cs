using Asobi.Node.Http;
using static Asobi.Node.Social.SocialHttp;

namespace Asobi.Node.Social.Groups;

/// <summary>Groups over REST.</summary>
public static class GroupApi
{
    // POST   groups {name, description?, open?, max_members?}   the caller becomes owner
    // GET    groups/{id}
    // PUT    groups/{id} {name?, description?, open?, max_members?}   admin+
    // POST   groups/{id}/join | groups/{id}/leave
    // POST   groups/{id}/invite {player_id}   NEW: moderator+, what a closed group needs
    // GET    groups/{id}/members?limit
    // PUT    groups/{id}/members/{player_id}/role {role}   admin+, higher than the member, never owner
    // DELETE groups/{id}/members/{player_id}   moderator+, higher than the member
    public static RouteGroupBuilder MapGroupApi(this RouteGroupBuilder api)
    {
        var groups = api.MapGroup("/groups").RequireAuthorization();
        groups.MapPost("/", CreateAsync);
        groups.MapGet("/{id:guid}", GetAsync);
        groups.MapPut("/{id:guid}", UpdateAsync);
        groups.MapPost("/{id:guid}/join", JoinAsync);
        groups.MapPost("/{id:guid}/leave", LeaveAsync);
        groups.MapPost("/{id:guid}/invite", InviteAsync);
        groups.MapGet("/{id:guid}/members", MembersAsync);
        groups.MapPut("/{id:guid}/members/{playerId:guid}/role", SetRoleAsync);
        groups.MapDelete("/{id:guid}/members/{playerId:guid}", KickAsync);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, GroupService groups, CancellationToken ct)
    {
        var (body, bad) = await JsonBody.ReadAsync<GroupBody>(http.Request, ct);
        if (bad is not null)
        {
            return bad;
        }

        var result = await groups.CreateAsync(Caller(http), body!.Name, body.Description, body.Open, body.MaxMembers, ct);
        return result.Error is { } error ? Error(error) : Json(View(result.Value!), StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(Guid id, GroupService groups, CancellationToken ct) =>
        Reply(await groups.GetAsync(id, ct));

    private static async Task<IResult> UpdateAsync(Guid id, HttpContext http, GroupService groups, CancellationToken ct)
    {
        var (body, bad) = await JsonBody.ReadAsync<GroupBody>(http.Request, ct);
        return bad ?? Reply(await groups.UpdateAsync(Caller(http), id, body!.Name, body.Description, body.Open, body.MaxMembers, ct));
    }

    private static async Task<IResult> JoinAsync(Guid id, HttpContext http, GroupService groups, CancellationToken ct) =>
        Reply(await groups.JoinAsync(Caller(http), id, ct));

    private static async Task<IResult> LeaveAsync(Guid id, HttpContext http, GroupService groups, CancellationToken ct) =>
        Done(await groups.LeaveAsync(Caller(http), id, ct));

    private static async Task<IResult> InviteAsync(Guid id, HttpContext http, GroupService groups, CancellationToken ct)
    {
        var (body, bad) = await JsonBody.ReadAsync<InviteBody>(http.Request, ct);
        if (bad is not null)
        {
            return bad;
        }

        return body!.PlayerId is { } player
            ? Done(await groups.InviteAsync(Caller(http), id, player, ct))
            : Error(SocialErrors.Validation.WithMessage("player_id is required."));
    }

    private static async Task<IResult> MembersAsync(Guid id, int? limit, GroupService groups, CancellationToken ct)
    {
        var result = await groups.MembersAsync(id, limit, ct);
        return result.Error is { } error
            ? Error(error)
            : Json(new { members = result.Value!.Select(m => new MemberView(m.PlayerId, GroupRoles.Name(m.Role), m.JoinedAt)) });
    }

    private static async Task<IResult> SetRoleAsync(Guid id, Guid playerId, HttpContext http, GroupService groups, CancellationToken ct)
    {
        var (body, bad) = await JsonBody.ReadAsync<RoleBody>(http.Request, ct);
        return bad ?? Done(await groups.SetRoleAsync(Caller(http), id, playerId, body!.Role, ct));
    }

    private static async Task<IResult> KickAsync(Guid id, Guid playerId, HttpContext http, GroupService groups, CancellationToken ct) =>
        Done(await groups.KickAsync(Caller(http), id, playerId, ct));

    private static IResult Reply(SocialResult<Group> result) => result.Error is { } error ? Error(error) : Json(View(result.Value!));

    private static IResult Done(SocialError? error) => error is null ? Json(new { success = true }) : Error(error);

    private static GroupView View(Group g) => new(g.Id, g.Name, g.Description, g.Open, g.MaxMembers, g.MemberCount, g.CreatedBy, g.CreatedAt);

    private sealed record GroupBody(string? Name, string? Description, bool? Open, int? MaxMembers);

    private sealed record InviteBody(Guid? PlayerId);

    private sealed record RoleBody(string? Role);

    private sealed record GroupView(Guid GroupId, string Name, string Description, bool Open, int MaxMembers, int MemberCount, Guid CreatedBy, DateTimeOffset CreatedAt);

    private sealed record MemberView(Guid PlayerId, string Role, DateTimeOffset JoinedAt);
}
