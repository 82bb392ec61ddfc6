using System;
using System.Threading;
using System.Threading.Tasks;

namespace Asobi.Client.Http;

/// <summary>
/// Holds the current session and refreshes it one caller at a time: refresh tokens are single use, and presenting
/// one twice makes the server revoke the whole session, so concurrent 401s must share one refresh.
/// </summary>
internal sealed class SessionKeeper : IDisposable
{
    private readonly SemaphoreSlim refreshLock = new(1, 1);
    private AsobiSession? current;

    public event Action<AsobiSession?>? Changed;

    /// <summary>The call that exchanges a refresh token for a new session (wired to <c>POST auth/refresh</c>).</summary>
    public Func<string, CancellationToken, Task<AsobiSession>>? Refresher { get; set; }

    public AsobiSession? Current => Volatile.Read(ref current);

    public void Set(AsobiSession? session)
    {
        Volatile.Write(ref current, session);
        Changed?.Invoke(session);
    }

    /// <summary>Refreshes <paramref name="stale"/> unless another caller already replaced it; returns the session to use.</summary>
    public async Task<AsobiSession> RefreshAsync(AsobiSession stale, CancellationToken ct)
    {
        await refreshLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = Current;
            if (now is not null && now.AccessToken != stale.AccessToken)
            {
                return now;
            }

            var refresher = Refresher ?? throw new InvalidOperationException("no refresher configured");
            var fresh = await refresher(stale.RefreshToken, ct).ConfigureAwait(false);
            Set(fresh);
            return fresh;
        }
        finally
        {
            refreshLock.Release();
        }
    }

    public void Dispose() => refreshLock.Dispose();
}
