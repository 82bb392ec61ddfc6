using Asobi.Node.Http;
using Asobi.Node.Operator;
using static Asobi.Node.Social.SocialHttp;

namespace Asobi.Node.Social.Notifications;

/// <summary>Notifications sent by the game's operators (maintenance notices, rewards): operator key, no player token.</summary>
public static class OperatorNotificationApi
{
    // POST operator/notifications {subject, content?, code?, player_ids?}   header X-Asobi-Operator-Key
    //      with player_ids: one notification per player  -> 201 {broadcast:false, sent, notification_ids, unknown_player_ids}
    //      without:         one broadcast to every player -> 201 {broadcast:true, notification}
    // GET    operator/notifications/broadcasts?limit   newest first -> {broadcasts:[notification]}
    // DELETE operator/notifications/broadcasts/{id}    retract for everyone -> 204 | 404
    public static RouteGroupBuilder MapOperatorNotificationApi(this RouteGroupBuilder api)
    {
        var op = api.MapGroup("/operator/notifications").RequireOperatorKey();
        op.MapPost("/", SendAsync);
        op.MapGet("/broadcasts", ListBroadcastsAsync);
        op.MapDelete("/broadcasts/{id:guid}", RetractBroadcastAsync);
        return api;
    }

    private static async Task<IResult> ListBroadcastsAsync(int? limit, NotificationService service, CancellationToken ct)
    {
        var list = await service.ListBroadcastsAsync(limit ?? 50, ct);
        return Json(new { broadcasts = list.Select(NotificationService.View) });
    }

    private static async Task<IResult> RetractBroadcastAsync(Guid id, NotificationService service, CancellationToken ct) =>
        await service.RetractBroadcastAsync(id, ct) ? Results.NoContent() : ApiError.NotFound("No such broadcast.");

    private static async Task<IResult> SendAsync(HttpRequest request, NotificationService service, CancellationToken ct)
    {
        // The body is read here, not bound, so the key is checked before anything about the body is said.
        var (body, invalid) = await JsonBody.ReadAsync<OperatorNotificationRequest>(request, ct);
        if (body is null)
        {
            return invalid!;
        }

        if (body.Validate() is { Count: > 0 } errors)
        {
            return ApiError.Validation(errors);
        }

        if (body.PlayerIds is null)
        {
            var broadcast = await service.BroadcastAsync(body.Type, body.Subject!, body.ContentOrEmpty, ct);
            return Json(new { broadcast = true, notification = NotificationService.View(broadcast) }, StatusCodes.Status201Created);
        }

        var targets = body.PlayerIds.Distinct().ToList();
        var sent = await service.SendManyAsync(targets, body.Type, body.Subject!, body.ContentOrEmpty, ct);
        var reached = sent.Select(n => n.PlayerId).ToHashSet();
        return Json(new
        {
            broadcast = false,
            sent = sent.Count,
            notification_ids = sent.Select(n => n.Id),
            unknown_player_ids = targets.Where(p => !reached.Contains(p)),
        }, StatusCodes.Status201Created);
    }
}
