using System.Text.Json;
using Asobi.Cluster;
using Asobi.Node.Accounts;

namespace Asobi.Node.Realtime.Handlers;

/// <summary>
/// <c>session.connect {token, features?}</c> → <c>session.connected {player_id, node_id, features}</c>. <c>features</c>
/// lists what the client supports (today <c>"migrate"</c>); the reply echoes the names this server understood.
/// </summary>
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

        if (!TryReadFeatures(context.Payload, out var features))
        {
            context.Fail(WsErrors.InvalidMessage.WithMessage(
                $"payload.features must be an array of at most {ClientFeatureNames.MaxNames} strings."));
            return;
        }

        var identity = await tokens.ValidateAsync(token, cancellationToken);
        if (identity is null)
        {
            context.Fail(WsErrors.InvalidToken);
            return;
        }

        sockets.Authenticate(context.Socket, identity.PlayerId, identity.SessionId, features);

        // A revocation may have landed between validation and indexing; it found no socket to close then.
        if (sessions.TryGet(identity.SessionId, out var revoked) && revoked)
        {
            context.Socket.RequestClose(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, SessionRevocation.CloseReason);
            return;
        }

        context.Reply("session.connected", new SessionConnected(identity.PlayerId, node.NodeId, ClientFeatureNames.Names(features)));
    }

    /// <summary>Absent or null: none. Otherwise an array of strings; anything else is refused.</summary>
    internal static bool TryReadFeatures(JsonElement payload, out ClientFeatures features)
    {
        features = ClientFeatures.None;
        if (!payload.TryGetProperty("features", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > ClientFeatureNames.MaxNames)
        {
            return false;
        }

        var names = new List<string>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            names.Add(item.GetString()!);
        }

        features = ClientFeatureNames.Parse(names);
        return true;
    }

    private sealed record SessionConnected(Guid PlayerId, string NodeId, IReadOnlyList<string> Features);
}
