using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Stored notifications of the player (live ones arrive on the socket too).</summary>
public sealed class NotificationsApi
{
    private readonly RestTransport rest;

    internal NotificationsApi(RestTransport rest) => this.rest = rest;

    public Task<NotificationList> ListAsync(bool? read = null, int? limit = null, CancellationToken ct = default) =>
        rest.SendAsync<NotificationList>(HttpMethod.Get, Query.Path("notifications", ("read", read), ("limit", limit)), null, ct);

    public Task<Notification> MarkReadAsync(Guid notificationId, CancellationToken ct = default) =>
        rest.SendAsync<Notification>(HttpMethod.Put, "notifications/" + Query.Segment(notificationId) + "/read", new { }, ct);

    public Task DeleteAsync(Guid notificationId, CancellationToken ct = default) =>
        rest.SendAsync(HttpMethod.Delete, "notifications/" + Query.Segment(notificationId), null, ct);
}
