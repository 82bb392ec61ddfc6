using Asobi.Node.Realtime;
using Asobi.Node.Social.Fanout;

namespace Asobi.Node.Social.Handlers;

/// <summary><c>chat.leave {channel_id}</c> → <c>chat.left {channel_id}</c> (also when the socket had not joined it).</summary>
public sealed class ChatLeaveHandler(TopicTracker topics) : IMessageHandler
{
    public string Type => "chat.leave";

    public ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        if (context.RequireString("channel_id", Chat.ChatChannel.MaxIdLength) is { } id)
        {
            topics.Untrack(context.Socket, id);
            context.Reply("chat.left", new ChannelReply(id));
        }

        return ValueTask.CompletedTask;
    }
}
