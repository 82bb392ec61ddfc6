using System.Text;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Presence;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Social.Handlers;

/// <summary><c>presence.update {status}</c> → <c>presence.updated {status}</c>; accepted friends get <c>presence.changed</c>.</summary>
public sealed class PresenceUpdateHandler(PresenceService presence, IOptions<PresenceOptions> options) : IMessageHandler
{
    public string Type => "presence.update";

    public async ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        var status = context.OptionalString("status") ?? "online";
        var max = options.Value.MaxStatusBytes;
        if (status.Length == 0 || Encoding.UTF8.GetByteCount(status) > max)
        {
            context.Fail(WsErrors.InvalidMessage.WithMessage($"payload.status must be a non-empty string of at most {max} bytes."));
            return;
        }

        await presence.UpdateStatusAsync(context.Socket.PlayerId!.Value, status, cancellationToken);
        context.Reply("presence.updated", new StatusReply(status));
    }

    private sealed record StatusReply(string Status);
}
