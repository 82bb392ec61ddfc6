namespace Asobi.Node.Social.Chat;

/// <summary>One stored chat or DM message.</summary>
public sealed record ChatMessage(long Id, string ChannelId, Guid SenderId, string Content, DateTimeOffset SentAt);
