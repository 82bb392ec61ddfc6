using Asobi.Node.Realtime;

namespace Asobi.Node.Matches.Handlers;

/// <summary>
/// <c>match.join {match_id}</c> → <c>match.joined</c> (then <c>match.state</c>) when the match runs here;
/// when it runs on another node, <c>match.migrate {match_id, node_id, url}</c> to a client that declared the
/// <c>migrate</c> feature, else the same <c>match.joined</c> and state relayed from the host; else an error.
/// </summary>
public sealed class MatchJoinHandler(MatchService matches) : IMessageHandler
{
    public string Type => "match.join";

    public async ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        var raw = context.RequireString("match_id", 64);
        if (raw is null)
        {
            return;
        }

        if (!Guid.TryParse(raw, out var matchId))
        {
            context.Fail(MatchErrors.NotFound);
            return;
        }

        var reply = await matches.JoinAsync(context.Socket.PlayerId!.Value, matchId, context.CidJson, context.Socket.Migrates, cancellationToken);
        Send(context, reply);
    }

    internal static void Send(MessageContext context, JoinReply reply)
    {
        if (reply.Error is not null)
        {
            context.Fail(reply.Error);
        }
        else if (reply.Migrate is not null)
        {
            context.Reply("match.migrate", reply.Migrate);
        }

        // Joined here or relayed: match.joined and the state were (or will be) sent by the match itself, in order.
    }
}
