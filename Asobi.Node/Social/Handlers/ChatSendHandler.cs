using Asobi.Node.Realtime;
using Asobi.Node.Social.Chat;
using Asobi.Node.Social.Fanout;

namespace Asobi.Node.Social.Handlers;

/// <summary>
/// <c>chat.send {channel_id, content}</c>: the socket must have joined the channel (its access was checked then).
/// With a cid the sender gets <c>chat.sent {channel_id, message_id, sent_at}</c> once the message is stored; if it
/// cannot be stored the sender gets <c>chat.unavailable</c> (with or without a cid).
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
        var content = context.OptionalString("content");
        if (channel.Kind == ChannelKind.Dm)
        {
            // A DM channel needs no join: its two players may always write to it (sent as a DM).
            if (await chat.CheckAccessAsync(player, channel, cancellationToken) is { } denied)
            {
                context.Fail(denied);
                return;
            }

            var dm = await chat.SendDmAsync(player, channel.Other(player), content, cancellationToken);
            if (dm.Error is { } dmError)
            {
                context.Fail(dmError);
            }
            else if (context.CidJson is not null)
            {
                context.Reply("chat.sent", Sent(dm.Value!));
            }

            return;
        }

        if (!topics.IsTracked(context.Socket, channel.Id))
        {
            context.Fail(SocialErrors.NotJoined);
            return;
        }

        if (chat.TrySendToChannel(player, channel, content, out var stored) is { } error)
        {
            context.Fail(error);
            return;
        }

        // Not awaited: the socket's next message is read while this one is stored (the writer keeps the order).
        _ = ReplyWhenStoredAsync(context.Socket, context.CidJson, stored);
    }

    private static async Task ReplyWhenStoredAsync(SocketSession socket, string? cidJson, Task<ChatMessage?> stored)
    {
        var message = await stored;
        if (message is null)
        {
            var e = SocialErrors.Unavailable;
            socket.Send(Envelope.Error(new WsError(e.Code, e.Reason, e.Message), cidJson));
        }
        else if (cidJson is not null)
        {
            socket.Send(Envelope.Serialize("chat.sent", Sent(message), cidJson));
        }
    }

    private static SentReply Sent(ChatMessage message)
    {
        var m = ChatService.View(message);
        return new SentReply(m.ChannelId, m.MessageId, m.SentAt);
    }
}

public sealed record SentReply(string ChannelId, string MessageId, long SentAt);
