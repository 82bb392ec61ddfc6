using System;
using System.Text.Json;

namespace Asobi.Client;

/// <summary>A stored notification (friend request, match result, operator message...).</summary>
public sealed record Notification(Guid Id, string Type, string Subject, JsonElement Content, long SentAt, bool Read);
