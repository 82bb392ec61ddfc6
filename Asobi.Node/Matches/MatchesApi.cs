using Asobi.Node.Accounts;
using Asobi.Node.Http;

namespace Asobi.Node.Matches;

/// <summary>REST for match records (finished and aborted) and the cluster's live matches.</summary>
public static class MatchesApi
{
    public static RouteGroupBuilder MapMatchesApi(this RouteGroupBuilder api)
    {
        var matches = api.MapGroup("/matches").RequireAuthorization();
        matches.MapGet("/", ListFinishedAsync);
        matches.MapGet("/live", ListLiveAsync);
        matches.MapGet("/{matchId:guid}", GetAsync);
        return api;
    }

    /// <summary>Ended matches; <c>?mine=true</c> limits them to the caller's.</summary>
    private static async Task<IResult> ListFinishedAsync(HttpContext http, MatchStore store, bool? mine, int? limit, CancellationToken ct)
    {
        var player = mine == true ? TokenIdentity.FromPrincipal(http.User)?.PlayerId : null;
        var records = await store.FinishedAsync(player, Math.Clamp(limit ?? 50, 1, 100), ct);
        return Results.Json(new RecordList(records), ApiJson.Options);
    }

    private static async Task<IResult> ListLiveAsync(MatchService service, string? mode, bool? hasCapacity, CancellationToken ct)
    {
        var live = await service.ListAsync(mode, hasCapacity == true, ct);
        return Results.Json(new LiveList(live), ApiJson.Options);
    }

    private static async Task<IResult> GetAsync(Guid matchId, MatchStore store, CancellationToken ct)
    {
        var record = await store.GetAsync(matchId, ct);
        return record is null ? ApiError.NotFound("No such match.") : Results.Json(record, ApiJson.Options);
    }

    private sealed record RecordList(IReadOnlyList<MatchRecord> Matches);

    private sealed record LiveList(IReadOnlyList<MatchInfo> Matches);
}
