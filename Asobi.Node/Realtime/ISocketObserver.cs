namespace Asobi.Node.Realtime;

/// <summary>
/// Told when a socket gains a player and when it closes, e.g. to track presence or hold a match seat.
/// Called inline on the socket's own loop: keep it short and never throw.
/// </summary>
public interface ISocketObserver
{
    /// <summary>The socket has just authenticated as <see cref="SocketSession.PlayerId"/>.</summary>
    void OnAuthenticated(SocketSession socket);

    /// <summary>The socket has closed and left <see cref="LocalSockets"/>; it was authenticated if PlayerId is set.</summary>
    void OnClosed(SocketSession socket);
}
