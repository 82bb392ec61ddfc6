using Asobi.Node.Accounts;
using Asobi.Node.Http;

namespace Asobi.Node.Tournaments;

/// <summary><c>GET tournaments</c>, <c>GET tournaments/{id}</c> (with the current run's top standings), <c>POST tournaments/{id}/join</c>.</summary>
public static class TournamentApi
{
    private const int TopShown = 20;

    public static RouteGroupBuilder MapTournamentApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tournaments").RequireAuthorization();
        group.MapGet("/", List);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}/join", JoinAsync);
        return api;
    }

    private static IResult List(TournamentService service) =>
        Results.Json(new { tournaments = service.All.Select(t => Summary(t, service.Now)) }, ApiJson.Options);

    private static async Task<IResult> GetAsync(string id, HttpContext http, TournamentService service, CancellationToken ct)
    {
        if (service.Find(id) is not { } t)
        {
            return NotFound(id);
        }

        var now = service.Now;
        var summary = Summary(t, now);
        if (t.RunAt(now) is not { } run)
        {
            return Results.Json(new { tournament = summary, entries = 0, joined = false, standings = Array.Empty<object>() }, ApiJson.Options);
        }

        var player = TokenIdentity.FromPrincipal(http.User)!.PlayerId;
        var top = service.Standings(t)?.Range(1, TopShown) ?? [];
        return Results.Json(new
        {
            tournament = summary,
            entries = await service.EntriesAsync(t, run.End, ct),
            joined = await service.IsEnteredAsync(t, run.End, player, ct),
            standings = top.Select(e => new { rank = e.Rank, player_id = e.PlayerId, score = e.Score }),
        }, ApiJson.Options);
    }

    private static async Task<IResult> JoinAsync(string id, HttpContext http, TournamentService service, CancellationToken ct)
    {
        var player = TokenIdentity.FromPrincipal(http.User)!.PlayerId;
        return await service.JoinAsync(id, player, ct) switch
        {
            JoinOutcome.Joined => Results.Json(new { tournament_id = id, joined = true }, ApiJson.Options),
            JoinOutcome.NotFound => NotFound(id),
            JoinOutcome.AlreadyJoined => Conflict("tournament.already_joined", "You have already joined this run."),
            JoinOutcome.Full => Conflict("tournament.full", "This run has reached its maximum number of entries."),
            JoinOutcome.NotStarted => Conflict("tournament.not_started", "This tournament has not started yet."),
            JoinOutcome.Over => Conflict("tournament.over", "This tournament is over."),
            _ => ApiError.Result(StatusCodes.Status402PaymentRequired, "economy.insufficient_funds", "The balance does not cover the entry fee."),
        };
    }

    private static object Summary(TournamentDefinition t, DateTimeOffset now)
    {
        var run = t.RunAt(now);
        return new
        {
            tournament_id = t.Id,
            title = t.Title,
            status = t.StatusAt(now),
            start_at = run?.Start,
            end_at = run?.End,
            max_entries = t.MaxEntries,
            entry_fee = t.EntryFee > 0 ? new { currency = t.EntryFeeCurrency, amount = t.EntryFee } : null,
            rewards = t.Rewards.Select(r => new { from_rank = r.FromRank, to_rank = r.ToRank, currency = r.Currency, amount = r.Amount }),
        };
    }

    private static IResult NotFound(string id) =>
        ApiError.Result(StatusCodes.Status404NotFound, "tournament.not_found", $"No tournament '{id}'.");

    private static IResult Conflict(string code, string message) => ApiError.Result(StatusCodes.Status409Conflict, code, message);
}
