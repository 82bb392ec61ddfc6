using Asobi.Node.Accounts;
using Asobi.Node.Http;

namespace Asobi.Node.Leaderboards;

/// <summary>
/// <c>GET leaderboards/{id}</c> top (paged), <c>POST leaderboards/{id}</c> submit, <c>GET leaderboards/{id}/around/{player_id}</c>,
/// <c>GET leaderboards/{id}/me</c>. Every read is answered from this node's cache.
/// </summary>
public static class LeaderboardApi
{
    public static RouteGroupBuilder MapLeaderboardApi(this RouteGroupBuilder api)
    {
        var boards = api.MapGroup("/leaderboards").RequireAuthorization();
        boards.MapGet("/{id}", TopAsync);
        boards.MapPost("/{id}", SubmitAsync);
        boards.MapGet("/{id}/around/{playerId}", Around);
        boards.MapGet("/{id}/me", Me);
        boards.MapGet("/{id}/periods", PeriodsAsync);
        boards.MapGet("/{id}/periods/{periodEnd}", ArchivedAsync);
        return api;
    }

    private static IResult TopAsync(string id, int? limit, long? offset, LeaderboardService service)
    {
        if (service.Find(id) is not { } cache)
        {
            return NotFound(id);
        }

        var max = service.Options.MaxPageSize;
        if (limit is < 1 || limit > max || offset is < 0)
        {
            return ApiError.Validation(new Dictionary<string, string> { ["limit"] = $"1..{max}", ["offset"] = ">= 0" });
        }

        var first = (offset ?? 0) + 1;
        var entries = cache.Range(first, limit ?? 20);
        var total = cache.Count;
        long? next = first - 1 + entries.Count < total ? first - 1 + entries.Count : null;
        DateTimeOffset? resetAt = cache.Definition.Reset is null ? null : cache.PeriodEnd;
        return Results.Json(new PageView(id, [.. entries.Select(View)], total, next, resetAt), ApiJson.Options);
    }

    private static async Task<IResult> SubmitAsync(string id, HttpContext http, LeaderboardService service, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<SubmitRequest>(http.Request, ct);
        if (error is not null)
        {
            return error;
        }

        if (body!.Score is not { } score)
        {
            return ApiError.Validation(new Dictionary<string, string> { ["score"] = "An integer score is required." });
        }

        var caller = TokenIdentity.FromPrincipal(http.User)!;
        var result = await service.SubmitAsync(id, caller.PlayerId, score, fromClient: true, ct);
        return result.Outcome switch
        {
            SubmitOutcome.UnknownBoard => NotFound(id),
            SubmitOutcome.ClientSubmitDisabled => ApiError.Result(StatusCodes.Status403Forbidden, "leaderboard.client_submit_disabled",
                "Scores on this leaderboard are submitted by the server."),
            SubmitOutcome.OutOfRange => ApiError.Result(StatusCodes.Status422UnprocessableEntity, "leaderboard.score_out_of_range",
                "The resulting score does not fit in a 64-bit integer."),
            _ => Results.Json(result.Entry is { } e ? View(e) : null, ApiJson.Options),
        };
    }

    private static IResult Around(string id, string playerId, int? range, LeaderboardService service)
    {
        if (service.Find(id) is not { } cache)
        {
            return NotFound(id);
        }

        var max = service.Options.MaxAroundRange;
        if (range is < 0 || range > max)
        {
            return ApiError.Validation(new Dictionary<string, string> { ["range"] = $"0..{max}" });
        }

        if (!Guid.TryParse(playerId, out var player))
        {
            return ApiError.NotFound("No such player.");
        }

        return Results.Json(new AroundView(id, player, [.. cache.Around(player, range ?? 5).Select(View)]), ApiJson.Options);
    }

    private static IResult Me(string id, HttpContext http, LeaderboardService service)
    {
        if (service.Find(id) is not { } cache)
        {
            return NotFound(id);
        }

        var caller = TokenIdentity.FromPrincipal(http.User)!;
        return cache.TryGet(caller.PlayerId, out var entry)
            ? Results.Json(View(entry), ApiJson.Options)
            : ApiError.Result(StatusCodes.Status404NotFound, "leaderboard.no_entry", "You have no score on this leaderboard.");
    }

    private static async Task<IResult> PeriodsAsync(string id, LeaderboardService service, CancellationToken ct)
    {
        if (service.Find(id) is not { } cache)
        {
            return NotFound(id);
        }

        var periods = await service.FinishedPeriodsAsync(cache, service.Options.MaxPageSize, ct);
        return Results.Json(new { leaderboard_id = id, periods = periods.Select(p => new { period_end = p.PeriodEnd, entries = p.Entries }) },
            ApiJson.Options);
    }

    private static async Task<IResult> ArchivedAsync(
        string id, DateTimeOffset periodEnd, int? limit, long? offset, LeaderboardService service, CancellationToken ct)
    {
        if (service.Find(id) is not { } cache)
        {
            return NotFound(id);
        }

        var max = service.Options.MaxPageSize;
        if (limit is < 1 || limit > max || offset is < 0)
        {
            return ApiError.Validation(new Dictionary<string, string> { ["limit"] = $"1..{max}", ["offset"] = ">= 0" });
        }

        if (periodEnd >= cache.PeriodEnd)
        {
            return ApiError.Result(StatusCodes.Status409Conflict, "leaderboard.period_not_finished",
                "That period has not finished; read the current standings instead.");
        }

        var entries = await service.ArchivedPageAsync(cache, periodEnd, offset ?? 0, limit ?? 20, ct);
        return Results.Json(new { leaderboard_id = id, period_end = periodEnd, entries = entries.Select(View) }, ApiJson.Options);
    }

    private static IResult NotFound(string id) =>
        ApiError.Result(StatusCodes.Status404NotFound, "leaderboard.not_found", $"No leaderboard '{id}'.");

    private static EntryView View(RankedEntry e) =>
        new(e.Rank, e.PlayerId, e.Score, DateTimeOffset.FromUnixTimeMilliseconds(e.ReachedAtMicros / 1000));

    private sealed record SubmitRequest(long? Score);

    private sealed record EntryView(long Rank, Guid PlayerId, long Score, DateTimeOffset UpdatedAt);

    private sealed record PageView(string LeaderboardId, IReadOnlyList<EntryView> Entries, long Total, long? NextOffset, DateTimeOffset? ResetAt);

    private sealed record AroundView(string LeaderboardId, Guid PlayerId, IReadOnlyList<EntryView> Entries);
}
