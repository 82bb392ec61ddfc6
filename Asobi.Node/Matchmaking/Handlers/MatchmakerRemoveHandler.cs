using Asobi.Node.Realtime;

namespace Asobi.Node.Matchmaking.Handlers;

/// <summary><c>matchmaker.remove {ticket_id}</c> → <c>matchmaker.removed {success}</c> (false: not yours or no longer pending).</summary>
public sealed class MatchmakerRemoveHandler(MatchmakingService service) : IMessageHandler
{
    public string Type => "matchmaker.remove";

    public async ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        var raw = context.RequireString("ticket_id", 64);
        if (raw is null)
        {
            return;
        }

        if (!Guid.TryParse(raw, out var ticketId))
        {
            context.Fail(WsErrors.InvalidMessage.WithMessage("payload.ticket_id must be a ticket id."));
            return;
        }

        var removed = await service.RemoveAsync(context.Socket.PlayerId!.Value, ticketId, cancellationToken);
        context.Reply("matchmaker.removed", new Removed(removed));
    }

    private sealed record Removed(bool Success);
}
