using Asobi.Node.Realtime;
using Asobi.Node.Social.Chat;
using Asobi.Node.Social.Fanout;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Social.Handlers;

/// <summary><c>chat.join {channel_id}</c> → <c>chat.joined {channel_id}</c> once the channel's access rule allows it.</summary>
public sealed class ChatJoinHandler(ChatService chat, TopicTracker topics, IOptions<ChatOptions> options) : IMessageHandler
{
    public string Type => "chat.join";

    public async ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        if (context.RequireString("channel_id", ChatChannel.MaxIdLength) is not { } id)
        {
            return;
        }

        if (!ChatChannel.TryParse(id, out var channel))
        {
            context.Fail(SocialErrors.InvalidChannel);
            return;
        }

        if (await chat.CheckAccessAsync(context.Socket.PlayerId!.Value, channel, cancellationToken) is { } denied)
        {
            context.Fail(denied);
            return;
        }

        if (topics.Track(context.Socket, channel.Id, options.Value.MaxChannelsPerSocket) == TrackOutcome.LimitReached)
        {
            context.Fail(SocialErrors.TooManyChannels.WithMessage($"A socket may join at most {options.Value.MaxChannelsPerSocket} channels."));
            return;
        }

        context.Reply("chat.joined", new ChannelReply(channel.Id));
    }
}

public sealed record ChannelReply(string ChannelId);
