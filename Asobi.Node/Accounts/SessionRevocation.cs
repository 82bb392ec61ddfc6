using System.Net.WebSockets;
using System.Text.Json;
using Asobi.Bus;
using Asobi.Node.Realtime;
using Npgsql;

namespace Asobi.Node.Accounts;

/// <summary>
/// Ends auth sessions everywhere: persists the revocation, closes this node's sockets of that session, and tells
/// every other node through the bus (<c>session.revoked</c>), which close theirs. After a bus outage a node
/// re-checks every open socket against the table, since revocations sent meanwhile were lost.
/// </summary>
public sealed partial class SessionRevocation(
    AuthSessionStore sessions,
    SessionStatusCache cache,
    LocalSockets sockets,
    IClusterBus bus,
    ILogger<SessionRevocation> logger) : IHostedService
{
    public const string Topic = "session.revoked";
    public const string CloseReason = "session_revoked";

    private const int ResyncAttempts = 10;

    private readonly List<IDisposable> subscriptions = [];

    public async Task RevokeAsync(Guid sessionId, string reason, CancellationToken ct)
    {
        var playerId = await sessions.RevokeAsync(sessionId, reason, ct);
        if (playerId is not { } player)
        {
            return; // unknown or already revoked
        }

        Apply(player, sessionId);
        try
        {
            await bus.PublishAsync(Topic, JsonSerializer.Serialize(new RevokedEvent(player, sessionId)), ct);
        }
        catch (BusUnavailableException ex)
        {
            // Persisted already: other nodes catch up when their bus reconnects (resynchronise) or their cache expires.
            LogPublishFailed(ex, sessionId);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscriptions.Add(bus.Subscribe(Topic, OnRevokedAsync));
        subscriptions.Add(bus.OnResynchronize(ResynchroniseAsync));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscriptions.ForEach(s => s.Dispose());
        return Task.CompletedTask;
    }

    private ValueTask OnRevokedAsync(BusMessage message)
    {
        var evt = JsonSerializer.Deserialize<RevokedEvent>(message.Data);
        if (evt is not null)
        {
            Apply(evt.PlayerId, evt.SessionId);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask ResynchroniseAsync(CancellationToken ct)
    {
        cache.Clear();
        var open = sockets.All().Where(s => s.SessionId is not null).ToList();
        var ids = open.Select(s => s.SessionId!.Value).Distinct().ToList();
        HashSet<Guid> revoked;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                revoked = await sessions.RevokedAmongAsync(ids, ct);
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && attempt < ResyncAttempts)
            {
                // Right after a database restart the pool still holds dead connections; the next attempt gets a fresh one.
                LogResyncRetry(ex, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
            }
        }

        foreach (var socket in open.Where(s => revoked.Contains(s.SessionId!.Value)))
        {
            cache.SetRevoked(socket.SessionId!.Value);
            socket.RequestClose(WebSocketCloseStatus.PolicyViolation, CloseReason);
        }
    }

    private void Apply(Guid playerId, Guid sessionId)
    {
        cache.SetRevoked(sessionId);
        foreach (var socket in sockets.OfPlayer(playerId))
        {
            if (socket.SessionId == sessionId)
            {
                socket.RequestClose(WebSocketCloseStatus.PolicyViolation, CloseReason);
            }
        }
    }

    private sealed record RevokedEvent(Guid PlayerId, Guid SessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-checking open sessions failed (attempt {Attempt}); retrying")]
    private partial void LogResyncRetry(Exception ex, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} revoked but the bus could not announce it")]
    private partial void LogPublishFailed(Exception ex, Guid sessionId);
}
