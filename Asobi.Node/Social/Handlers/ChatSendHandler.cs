using Asobi.Node.Realtime;
using Asobi.Node.Social.Chat;
using Asobi.Node.Social.Fanout;

namespace Asobi.Node.Social.Handlers;

/// <summary>
/// <c>chat.send {channel_id, content}</c>: the socket must have joined the channel (its access was checked then).
/// With a cid the sender gets <c>chat.sent {channel_id, message_id, sent_at}</c> once the message is stored.
/// </summary>
public sealed class ChatSendHandler(ChatService chat, TopicTracker topics) : IMessageHandler
{
    public string Type => "chat.send";

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

        var player = context.Socket.PlayerId!.Value;
        if (channel.Kind == ChannelKind.Dm)
        {
            // A DM channel needs no join: its two players may always write to it (sent as a DM).
            if (await chat.CheckAccessAsync(player, channel, cancellationToken) is { } denied)
            {
                context.Fail(denied);
                return;
            }
        }
        else if (!topics.IsTracked(context.Socket, channel.Id))
        {
            context.Fail(SocialErrors.NotJoined);
            return;
        }

        var result = await chat.SendToChannelAsync(player, channel, context.OptionalString("content"), cancellationToken);
        if (result.Error is { } error)
        {
            context.Fail(error);
        }
        else if (context.CidJson is not null)
        {
            var m = ChatService.View(result.Value!);
            context.Reply("chat.sent", new SentReply(m.ChannelId, m.MessageId, m.SentAt));
        }
    }
}

public sealed record SentReply(string ChannelId, string MessageId, long SentAt);
