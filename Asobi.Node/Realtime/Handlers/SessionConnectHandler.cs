using Asobi.Cluster;
using Asobi.Node.Accounts;

namespace Asobi.Node.Realtime.Handlers;

/// <summary><c>session.connect {token}</c> → <c>session.connected {player_id, node_id}</c>.</summary>
public sealed class SessionConnectHandler(TokenService tokens, SessionStatusCache sessions, LocalSockets sockets, NodeIdentity node) : IMessageHandler
{
    public string Type => "session.connect";

    public bool RequiresAuthentication => false;

    public async ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        if (context.Socket.IsAuthenticated)
        {
            context.Fail(WsErrors.AlreadyAuthenticated);
            return;
        }

        var token = context.RequireString("token");
        if (token is null)
        {
            return;
        }

        var identity = await tokens.ValidateAsync(token, cancellationToken);
        if (identity is null)
        {
            context.Fail(WsErrors.InvalidToken);
            return;
        }

        sockets.Authenticate(context.Socket, identity.PlayerId, identity.SessionId);

        // A revocation may have landed between validation and indexing; it found no socket to close then.
        if (sessions.TryGet(identity.SessionId, out var revoked) && revoked)
        {
            context.Socket.RequestClose(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, SessionRevocation.CloseReason);
            return;
        }

        context.Reply("session.connected", new SessionConnected(identity.PlayerId, node.NodeId));
    }

    private sealed record SessionConnected(Guid PlayerId, string NodeId);
}
