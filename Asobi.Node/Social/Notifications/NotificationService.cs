using System.Text.Json;
using Asobi.Node.Http;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Fanout;

namespace Asobi.Node.Social.Notifications;

/// <summary>
/// What other features call to tell a player something (friend request, group invite, match result, an operator
/// broadcast): persisted first, then pushed as <c>notification.new</c> to the player's sockets on any node. What a
/// node missed while its bus listener was away, <see cref="NotificationCatchUp"/> pushes when it reconnects.
/// </summary>
public sealed class NotificationService(NotificationStore store, FanoutRouter router, DeliveredNotifications delivered, TimeProvider time)
{
    public const string PushType = "notification.new";

    public async Task<Notification> SendAsync(Guid player, string type, string subject, object? content, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(content ?? new { }, ApiJson.Options);
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var notification = await store.InsertAsync(Guid.CreateVersion7(), player, type, subject, json, sentAt, ct);
        delivered.TryMark(notification.Id);
        router.ToPlayer(player, PushType, Envelope.Serialize(PushType, View(notification)));
        return notification;
    }

    /// <summary>
    /// One notification per listed player (one insert for all), each pushed to that player's sockets on any node.
    /// Returns what was stored; ids of players that do not exist are left out.
    /// </summary>
    public async Task<IReadOnlyList<Notification>> SendManyAsync(
        IReadOnlyList<Guid> players, string type, string subject, JsonElement content, CancellationToken ct)
    {
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var stored = await store.InsertManyAsync(players, type, subject, content.GetRawText(), sentAt, ct);
        foreach (var n in stored)
        {
            delivered.TryMark(n.Id);
            router.ToPlayer(n.PlayerId, PushType, Envelope.Serialize(PushType, View(n)));
        }

        return stored;
    }

    /// <summary>
    /// An operator broadcast: ONE row, listed for every player created before it, and ONE frame pushed to every
    /// signed-in socket on every node (one bus event; each node delivers to its own sockets).
    /// </summary>
    public async Task<Notification> BroadcastAsync(string type, string subject, JsonElement content, CancellationToken ct)
    {
        var broadcast = await store.InsertBroadcastAsync(Guid.CreateVersion7(), type, subject, content.GetRawText(), ct);
        delivered.TryMark(broadcast.Id);
        router.ToAll(PushType, Envelope.Serialize(PushType, View(broadcast)));
        return broadcast;
    }

    /// <summary>Operator broadcasts, newest first (1–100, like an inbox).</summary>
    public Task<IReadOnlyList<Notification>> ListBroadcastsAsync(int limit, CancellationToken ct) =>
        store.ListBroadcastsAsync(Math.Clamp(limit, 1, 100), ct);

    /// <summary>
    /// Takes a broadcast back: gone from every player's inbox, receipts included. Frames already pushed stay with the
    /// clients that received them (there is no recall message in the wire contract).
    /// </summary>
    public Task<bool> RetractBroadcastAsync(Guid id, CancellationToken ct) => store.RetractBroadcastAsync(id, ct);

    public Task<IReadOnlyList<Notification>> ListAsync(Guid player, bool? read, int limit, CancellationToken ct) =>
        store.ListAsync(player, read, Math.Clamp(limit, 1, 100), ct);

    /// <summary>Marks the player's notification, or their copy of a broadcast, as read; null when neither exists.</summary>
    public async Task<Notification?> MarkReadAsync(Guid id, Guid player, CancellationToken ct) =>
        await store.MarkReadAsync(id, player, ct) ?? await store.MarkBroadcastReadAsync(id, player, ct);

    /// <summary>Deletes the player's notification, or hides a broadcast from this player only.</summary>
    public async Task<bool> DeleteAsync(Guid id, Guid player, CancellationToken ct) =>
        await store.DeleteAsync(id, player, ct) || await store.DeleteBroadcastAsync(id, player, ct);

    public static NotificationView View(Notification n) =>
        new(n.Id, n.Type, n.Subject, n.Content, n.SentAt.ToUnixTimeMilliseconds(), n.ReadAt is not null);
}

public sealed record NotificationView(Guid Id, string Type, string Subject, JsonElement Content, long SentAt, bool Read);
