using Asobi.Node.Realtime;

namespace Asobi.Node.Matches.Handlers;

/// <summary>
/// <c>match.find_or_create {mode}</c> → <c>match.joined</c> for an open match of the mode on this node (or a new one here),
/// or, when the open match is on another node, <c>match.migrate</c> (clients with the <c>migrate</c> feature) or a
/// relayed <c>match.joined</c> (the others).
/// </summary>
public sealed class MatchFindOrCreateHandler(MatchService matches) : IMessageHandler
{
    public string Type => "match.find_or_create";

    public async ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        var mode = context.RequireString("mode", 64);
        if (mode is null)
        {
            return;
        }

        MatchJoinHandler.Send(context, await matches.FindOrCreateAsync(
            context.Socket.PlayerId!.Value, mode, context.CidJson, context.Socket.Migrates, cancellationToken));
    }
}
