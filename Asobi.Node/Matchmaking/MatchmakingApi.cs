using System.Text.Json;
using Asobi.Matchmaking;
using Asobi.Node.Accounts;
using Asobi.Node.Http;
using Asobi.Node.Operator;
using Asobi.Node.Realtime;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Matchmaking;

/// <summary>REST for tickets, the mode list and the matchmaker's leadership view.</summary>
public static class MatchmakingApi
{
    public static RouteGroupBuilder MapMatchmakingApi(this RouteGroupBuilder api)
    {
        api.MapPost("/matchmaker", AddAsync).RequireAuthorization();
        api.MapGet("/matchmaker", ListAsync).RequireAuthorization();
        api.MapGet("/matchmaker/{ticketId:guid}", GetAsync).RequireAuthorization();
        api.MapDelete("/matchmaker/{ticketId:guid}", RemoveAsync).RequireAuthorization();
        api.MapGet("/modes", ListModes);
        api.MapGet("/cluster/matchmaker", StatusAsync).RequirePlayerOrOperator();
        return api;
    }

    private static async Task<IResult> AddAsync(HttpContext http, MatchmakingService service, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<AddTicket>(http.Request, ct);
        if (error is not null)
        {
            return error;
        }

        var player = TokenIdentity.FromPrincipal(http.User)!.PlayerId;
        var result = await service.AddAsync(player, body!.Mode, body.Properties, body.PartyId, viaSocket: false, ct);
        return result.Error is { } e
            ? Fail(e)
            : Results.Json(result.Queued, ApiJson.Options, statusCode: result.Queued!.AlreadyQueued ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext http, MatchmakingService service, CancellationToken ct)
    {
        var tickets = await service.PendingAsync(TokenIdentity.FromPrincipal(http.User)!.PlayerId, ct);
        return Results.Json(new TicketList(tickets), ApiJson.Options);
    }

    private static async Task<IResult> GetAsync(Guid ticketId, HttpContext http, MatchmakingService service, CancellationToken ct)
    {
        var ticket = await service.GetAsync(TokenIdentity.FromPrincipal(http.User)!.PlayerId, ticketId, ct);
        return ticket is null ? Fail(MatchmakingErrors.TicketNotFound) : Results.Json(ticket, ApiJson.Options);
    }

    private static async Task<IResult> RemoveAsync(Guid ticketId, HttpContext http, MatchmakingService service, CancellationToken ct)
    {
        var removed = await service.RemoveAsync(TokenIdentity.FromPrincipal(http.User)!.PlayerId, ticketId, ct);
        return removed ? Results.Json(new Removed(true), ApiJson.Options) : Fail(MatchmakingErrors.TicketNotFound);
    }

    private static IResult ListModes(IOptions<GameModesOptions> modes) => Results.Json(
        new ModeList([.. modes.Value.Modes.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new ModeView(m.Key, m.Value.MatchSize, m.Value.Teams, m.Value.TickRate, m.Value.Strategy))]),
        ApiJson.Options);

    private static async Task<IResult> StatusAsync(MatchmakerStatusStore store, CancellationToken ct) =>
        Results.Json(await store.ReadAsync(TimeSpan.FromSeconds(10), ct), ApiJson.Options);

    private static IResult Fail(WsError error) => ApiError.Result(
        error == MatchmakingErrors.TicketNotFound ? StatusCodes.Status404NotFound
            : error == MatchmakingErrors.QueueFull ? StatusCodes.Status429TooManyRequests
            : StatusCodes.Status422UnprocessableEntity,
        error.Code, error.Message);

    private sealed record AddTicket(string? Mode, JsonElement? Properties, JsonElement? PartyId);

    private sealed record TicketList(IReadOnlyList<TicketRecord> Tickets);

    private sealed record Removed(bool Success);

    private sealed record ModeList(IReadOnlyList<ModeView> Modes);

    private sealed record ModeView(string Mode, int MatchSize, int Teams, int TickRate, string Strategy);
}
