using Asobi.Node.Realtime;

namespace Asobi.Node.Matches.Handlers;

/// <summary><c>match.leave {}</c> → <c>match.left {success}</c> (false: not in a match on this node).</summary>
public sealed class MatchLeaveHandler(MatchService matches) : IMessageHandler
{
    public string Type => "match.leave";

    public ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        context.Reply("match.left", new Left(matches.Leave(context.Socket.PlayerId!.Value)));
        return ValueTask.CompletedTask;
    }

    private sealed record Left(bool Success);
}
