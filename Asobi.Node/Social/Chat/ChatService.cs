using System.Text;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Fanout;
using Asobi.Node.Social.Friends;
using Asobi.Node.Social.Groups;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Social.Chat;

/// <summary>
/// Channel access rules, chat and DM sending (validate → rate limit → store in <see cref="ChatWriter"/>'s batches →
/// fan out) and history. Shared by the socket handlers and the REST routes. A message is acknowledged only after it
/// is stored; if storage fails the sender gets <c>chat.unavailable</c> and nobody receives it.
/// </summary>
public sealed partial class ChatService(
    ChatStore store,
    ChatWriter writer,
    FriendStore friends,
    GroupStore groups,
    IMatchMembership matches,
    ChatRateLimiter limiter,
    FanoutRouter router,
    DeliveredMessages delivered,
    SocialMetrics metrics,
    IOptions<ChatOptions> options,
    TimeProvider time,
    ILogger<ChatService> logger)
{
    public const string ChatMessageType = ChatKinds.Chat;
    public const string DmMessageType = ChatKinds.Dm;

    /// <summary>Null when the player may join and read the channel, else why not.</summary>
    public async Task<SocialError?> CheckAccessAsync(Guid player, ChatChannel channel, CancellationToken ct)
    {
        var allowed = channel.Kind switch
        {
            ChannelKind.Global => true,
            ChannelKind.Dm => player == channel.Low || player == channel.High,
            ChannelKind.Room => await groups.IsMemberAsync(channel.GroupId, player, ct),
            ChannelKind.Match => await matches.IsPlayerInMatchAsync(channel.Target, player, ct),
            _ => false,
        };
        return allowed ? null : SocialErrors.Forbidden.WithMessage(channel.Kind switch
        {
            ChannelKind.Room => "Only members of the group can use its room.",
            ChannelKind.Match => "Only players of the match can use its channel.",
            _ => "Only its two players can use a DM channel.",
        });
    }

    /// <summary>
    /// Validates and queues a message for a channel the caller was admitted to (a joined socket); DM channels go
    /// through <see cref="SendDmAsync"/>. <paramref name="stored"/> completes with the stored message once it has
    /// been stored and fanned out, or with null when storage failed (nobody received it).
    /// </summary>
    public SocialError? TrySendToChannel(Guid sender, ChatChannel channel, string? content, out Task<ChatMessage?> stored)
    {
        stored = Task.FromResult<ChatMessage?>(null);
        if (Validate(sender, content) is { } error)
        {
            return error;
        }

        var id = channel.Id;
        var pending = Enqueue(id, sender, content!, m => router.ToTopic(id, ChatMessageType, Envelope.Serialize(ChatMessageType, View(m)), delivered.TryMark(m.Id)));
        if (pending is null)
        {
            return SocialErrors.Unavailable.WithMessage("Too many messages are waiting to be stored; try again.");
        }

        stored = pending;
        return null;
    }

    /// <summary>Sends and waits until the message is stored and delivered (DM channels are sent as DMs).</summary>
    public async Task<SocialResult<ChatMessage>> SendToChannelAsync(Guid sender, ChatChannel channel, string? content, CancellationToken ct)
    {
        if (channel.Kind == ChannelKind.Dm)
        {
            return await SendDmAsync(sender, channel.Other(sender), content, ct);
        }

        if (TrySendToChannel(sender, channel, content, out var stored) is { } error)
        {
            return error;
        }

        return await stored.WaitAsync(ct) is { } message ? message : SocialErrors.Unavailable;
    }

    /// <summary>Stores a DM and pushes <c>dm.message</c> to every socket of the recipient on any node.</summary>
    public async Task<SocialResult<ChatMessage>> SendDmAsync(Guid sender, Guid recipient, string? content, CancellationToken ct)
    {
        if (sender == recipient)
        {
            return SocialErrors.DmSelf;
        }

        if (Validate(sender, content) is { } error)
        {
            return error;
        }

        var (exists, blocked) = await friends.DmCheckAsync(sender, recipient, ct);
        if (!exists)
        {
            return SocialErrors.DmRecipientNotFound;
        }

        if (blocked)
        {
            return SocialErrors.DmBlocked;
        }

        var channel = ChatChannel.Dm(sender, recipient);
        var pending = Enqueue(channel.Id, sender, content!, m => router.ToPlayer(recipient, DmMessageType, Envelope.Serialize(DmMessageType, View(m)), delivered.TryMark(m.Id)));
        if (pending is null)
        {
            return SocialErrors.Unavailable.WithMessage("Too many messages are waiting to be stored; try again.");
        }

        return await pending.WaitAsync(ct) is { } message ? message : SocialErrors.Unavailable;
    }

    /// <summary>Newest first; <paramref name="before"/> is a message id (exclusive). Members only.</summary>
    public async Task<SocialResult<IReadOnlyList<ChatMessage>>> HistoryAsync(Guid player, ChatChannel channel, long? before, int? limit, CancellationToken ct)
    {
        if (await CheckAccessAsync(player, channel, ct) is { } denied)
        {
            return denied;
        }

        var max = options.Value.MaxHistoryLimit;
        var take = Math.Clamp(limit ?? 50, 1, max);
        return new SocialResult<IReadOnlyList<ChatMessage>>(await store.HistoryAsync(channel.Id, before, take, ct), null);
    }

    public static MessageView View(ChatMessage m) =>
        new(m.ChannelId, m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), m.SenderId, m.Content, m.SentAt.ToUnixTimeMilliseconds());

    private SocialError? Validate(Guid sender, string? content)
    {
        if (string.IsNullOrEmpty(content))
        {
            return SocialErrors.ContentEmpty;
        }

        var max = options.Value.MaxContentBytes;
        if (content.Length > max || Encoding.UTF8.GetByteCount(content) > max)
        {
            return SocialErrors.ContentTooLarge.WithMessage($"content is limited to {max} bytes of UTF-8.");
        }

        if (!limiter.TryTake(sender))
        {
            metrics.RateLimited();
            return SocialErrors.RateLimited;
        }

        return null;
    }

    private Task<ChatMessage?>? Enqueue(string channelId, Guid sender, string content, Action<ChatMessage> deliver)
    {
        // Server time in whole milliseconds: what clients see as sent_at is exactly what is stored.
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var pending = new PendingMessage(channelId, sender, content, sentAt, deliver);
        if (writer.TryEnqueue(pending))
        {
            return pending.Stored.Task;
        }

        LogQueueFull(channelId);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat write queue full; a message for {ChannelId} was refused")]
    private partial void LogQueueFull(string channelId);
}

/// <summary>The wire shape of <c>chat.message</c> and <c>dm.message</c> (and of history entries).</summary>
public sealed record MessageView(string ChannelId, string MessageId, Guid SenderId, string Content, long SentAt);
