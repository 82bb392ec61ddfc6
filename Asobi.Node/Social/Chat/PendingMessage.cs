namespace Asobi.Node.Social.Chat;

/// <summary>A validated message waiting for <see cref="ChatWriter"/>: stored, then <paramref name="Deliver"/> fans it out.</summary>
public sealed record PendingMessage(string ChannelId, Guid SenderId, string Content, DateTimeOffset SentAt, Action<ChatMessage> Deliver)
{
    public TaskCompletionSource<ChatMessage?> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
