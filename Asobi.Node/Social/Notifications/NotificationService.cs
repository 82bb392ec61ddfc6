using System.Text.Json;
using Asobi.Node.Http;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Fanout;

namespace Asobi.Node.Social.Notifications;

/// <summary>
/// What other features call to tell a player something (friend request, group invite, match result, an operator
/// broadcast): persisted first, then pushed as <c>notification.new</c> to the player's sockets on any node.
/// </summary>
public sealed class NotificationService(NotificationStore store, FanoutRouter router, TimeProvider time)
{
    public const string PushType = "notification.new";

    public async Task<Notification> SendAsync(Guid player, string type, string subject, object? content, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(content ?? new { }, ApiJson.Options);
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var notification = await store.InsertAsync(Guid.CreateVersion7(), player, type, subject, json, sentAt, ct);
        router.ToPlayer(player, PushType, Envelope.Serialize(PushType, View(notification)));
        return notification;
    }

    public Task<IReadOnlyList<Notification>> ListAsync(Guid player, bool? read, int limit, CancellationToken ct) =>
        store.ListAsync(player, read, Math.Clamp(limit, 1, 100), ct);

    public Task<Notification?> MarkReadAsync(Guid id, Guid player, CancellationToken ct) => store.MarkReadAsync(id, player, ct);

    public Task<bool> DeleteAsync(Guid id, Guid player, CancellationToken ct) => store.DeleteAsync(id, player, ct);

    public static NotificationView View(Notification n) =>
        new(n.Id, n.Type, n.Subject, n.Content, n.SentAt.ToUnixTimeMilliseconds(), n.ReadAt is not null);
}

public sealed record NotificationView(Guid Id, string Type, string Subject, JsonElement Content, long SentAt, bool Read);
