using Asobi.Node.Realtime;
using Asobi.Node.Social.Chat;

namespace Asobi.Node.Social.Handlers;

/// <summary><c>dm.send {recipient_id, content}</c> → <c>dm.sent {channel_id, message_id, sent_at}</c>; the recipient gets <c>dm.message</c> on every node.</summary>
public sealed class DmSendHandler(ChatService chat) : IMessageHandler
{
    public string Type => "dm.send";

    public async ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        if (context.RequireString("recipient_id", 64) is not { } raw)
        {
            return;
        }

        if (!Guid.TryParse(raw, out var recipient))
        {
            context.Fail(SocialErrors.DmRecipientNotFound.WithMessage("recipient_id must be a player id."));
            return;
        }

        var result = await chat.SendDmAsync(context.Socket.PlayerId!.Value, recipient, context.OptionalString("content"), cancellationToken);
        if (result.Error is { } error)
        {
            context.Fail(error);
            return;
        }

        var m = ChatService.View(result.Value!);
        context.Reply("dm.sent", new SentReply(m.ChannelId, m.MessageId, m.SentAt));
    }
}
