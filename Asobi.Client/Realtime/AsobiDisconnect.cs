namespace Asobi.Client.Realtime;

/// <summary>
/// A connection that ended. <see cref="WillReconnect"/> says whether the socket tries again (a lost node, a network
/// cut, a node going away) or has stopped for good (<c>session_revoked</c>, a token the server refuses even after a
/// refresh, <see cref="AsobiSocket.DisposeAsync"/>, too many failed attempts).
/// </summary>
/// <param name="CloseStatus">The WebSocket close code the server sent, when it sent one.</param>
/// <param name="WillReconnect">True when the socket is about to try again.</param>
/// <param name="Reason">The close reason (e.g. <c>session_revoked</c>, <c>going_away</c>) or a <c>client.*</c> code.</param>
public sealed record AsobiDisconnect(int? CloseStatus, string? Reason, bool WillReconnect);
