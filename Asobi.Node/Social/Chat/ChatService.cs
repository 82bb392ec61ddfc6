using System.Text;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Fanout;
using Asobi.Node.Social.Friends;
using Asobi.Node.Social.Groups;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asobi.Node.Social.Chat;

/// <summary>
/// Channel access rules, chat and DM sending (validate → rate limit → persist → fan out) and history. Shared by the
/// socket handlers and the REST routes. A message is acknowledged only after it is stored; if storage fails the
/// sender gets <c>chat.unavailable</c> and nobody receives it.
/// </summary>
public sealed partial class ChatService(
    ChatStore store,
    FriendStore friends,
    GroupStore groups,
    IMatchMembership matches,
    ChatRateLimiter limiter,
    FanoutRouter router,
    IOptions<ChatOptions> options,
    TimeProvider time,
    ILogger<ChatService> logger)
{
    public const string ChatMessageType = "chat.message";
    public const string DmMessageType = "dm.message";

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

    /// <summary>Sends to a channel the caller has already been admitted to (a joined socket); DM channels go through <see cref="SendDmAsync"/>.</summary>
    public async Task<SocialResult<ChatMessage>> SendToChannelAsync(Guid sender, ChatChannel channel, string? content, CancellationToken ct)
    {
        if (channel.Kind == ChannelKind.Dm)
        {
            return await SendDmAsync(sender, channel.Other(sender), content, ct);
        }

        if (Validate(sender, content) is { } error)
        {
            return error;
        }

        var message = await PersistAsync(channel.Id, sender, content!, ct);
        if (message.Error is null)
        {
            router.ToTopic(channel.Id, ChatMessageType, Envelope.Serialize(ChatMessageType, View(message.Value!)));
        }

        return message;
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
        var message = await PersistAsync(channel.Id, sender, content!, ct);
        if (message.Error is null)
        {
            router.ToPlayer(recipient, DmMessageType, Envelope.Serialize(DmMessageType, View(message.Value!)));
        }

        return message;
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

        return limiter.TryTake(sender) ? null : SocialErrors.RateLimited;
    }

    private async Task<SocialResult<ChatMessage>> PersistAsync(string channelId, Guid sender, string content, CancellationToken ct)
    {
        // Server time in whole milliseconds: what clients see as sent_at is exactly what is stored.
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        try
        {
            var id = await store.InsertAsync(channelId, sender, content, sentAt, ct);
            return new ChatMessage(id, channelId, sender, content, sentAt);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
        {
            LogStoreFailed(ex, channelId);
            return SocialErrors.Unavailable;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store a message for {ChannelId}; rejected")]
    private partial void LogStoreFailed(Exception ex, string channelId);
}

/// <summary>The wire shape of <c>chat.message</c> and <c>dm.message</c> (and of history entries).</summary>
public sealed record MessageView(string ChannelId, string MessageId, Guid SenderId, string Content, long SentAt);
