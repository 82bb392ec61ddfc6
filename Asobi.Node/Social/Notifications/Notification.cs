using System.Text.Json;

namespace Asobi.Node.Social.Notifications;

public sealed record Notification(Guid Id, Guid PlayerId, string Type, string Subject, JsonElement Content, DateTimeOffset SentAt, DateTimeOffset? ReadAt);
