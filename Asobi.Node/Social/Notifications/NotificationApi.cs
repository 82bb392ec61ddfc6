using static Asobi.Node.Social.SocialHttp;

namespace Asobi.Node.Social.Notifications;

/// <summary>A player's notifications over REST (what was pushed while they were offline, and read state).</summary>
public static class NotificationApi
{
    // GET    notifications?read&limit    newest first
    // PUT    notifications/{id}/read
    // DELETE notifications/{id}
    public static RouteGroupBuilder MapNotificationApi(this RouteGroupBuilder api)
    {
        var notifications = api.MapGroup("/notifications").RequireAuthorization();
        notifications.MapGet("/", ListAsync);
        notifications.MapPut("/{id}/read", MarkReadAsync);
        notifications.MapDelete("/{id}", DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(bool? read, int? limit, HttpContext http, NotificationService service, CancellationToken ct)
    {
        var list = await service.ListAsync(Caller(http), read, limit ?? 50, ct);
        return Json(new { notifications = list.Select(NotificationService.View) });
    }

    private static async Task<IResult> MarkReadAsync(string id, HttpContext http, NotificationService service, CancellationToken ct)
    {
        var n = Guid.TryParse(id, out var nid) ? await service.MarkReadAsync(nid, Caller(http), ct) : null;
        return n is null ? Error(SocialErrors.NotFound.WithMessage("No such notification.")) : Json(NotificationService.View(n));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, NotificationService service, CancellationToken ct)
    {
        var deleted = Guid.TryParse(id, out var nid) && await service.DeleteAsync(nid, Caller(http), ct);
        return deleted ? Results.NoContent() : Error(SocialErrors.NotFound.WithMessage("No such notification."));
    }
}
