namespace Asobi.Node.Realtime;

/// <summary>
/// A socket error: <paramref name="Code"/> from the closed, namespaced set; <paramref name="Reason"/> the legacy flat
/// string clients of the Erlang Asobi read.
/// </summary>
public sealed record WsError(string Code, string Reason, string Message)
{
    public WsError WithMessage(string message) => this with { Message = message };
}

/// <summary>The error catalogue of the realtime session.</summary>
public static class WsErrors
{
    public static readonly WsError InvalidToken = new("unauthenticated", "invalid_token", "The token is invalid, expired or revoked.");
    public static readonly WsError NotAuthenticated = new("unauthenticated", "not_authenticated", "Send session.connect first.");
    public static readonly WsError AlreadyAuthenticated = new("ws.already_authenticated", "already_authenticated", "This socket already has a session.");
    public static readonly WsError InvalidJson = new("invalid_json", "invalid_json", "The frame is not valid JSON.");
    public static readonly WsError InvalidMessage = new("invalid_message", "invalid_message", "Expected {\"type\": string, \"payload\"?: object, \"cid\"?: string}.");
    public static readonly WsError UnknownType = new("unknown_type", "unknown_type", "Unknown message type.");
    public static readonly WsError RateLimited = new("rate_limited", "rate_limited", "Too many messages; slow down.");
    public static readonly WsError PayloadTooLarge = new("payload_too_large", "payload_too_large", "The frame exceeds the size limit.");
    public static readonly WsError BinaryUnsupported = new("ws.binary_unsupported", "binary_unsupported", "Binary frames are not supported; send JSON text.");
    public static readonly WsError Internal = new("internal", "internal_error", "Something went wrong on the server.");
}
