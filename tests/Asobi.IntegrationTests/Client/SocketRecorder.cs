using System.Collections.Concurrent;
using System.Text.Json;
using Asobi.Client.Realtime;

namespace Asobi.IntegrationTests.Client;

/// <summary>Records what an SDK socket raises, so tests can wait for a push, a migration or a disconnect.</summary>
public sealed class SocketRecorder
{
    private readonly ConcurrentQueue<AsobiPush> pushes = new();
    private readonly ConcurrentQueue<MatchMigration> migrations = new();
    private readonly ConcurrentQueue<AsobiDisconnect> disconnects = new();
    private readonly ConcurrentQueue<AsobiSocketException> errors = new();
    private int reconnects;

    public SocketRecorder(AsobiSocket socket)
    {
        socket.Received += pushes.Enqueue;
        socket.Migrated += migrations.Enqueue;
        socket.Disconnected += disconnects.Enqueue;
        socket.Error += errors.Enqueue;
        socket.Reconnected += () => Interlocked.Increment(ref reconnects);
    }

    public IReadOnlyList<AsobiPush> Pushes => [.. pushes];

    public IReadOnlyList<MatchMigration> Migrations => [.. migrations];

    public IReadOnlyList<AsobiDisconnect> Disconnects => [.. disconnects];

    public IReadOnlyList<AsobiSocketException> Errors => [.. errors];

    public int Reconnects => Volatile.Read(ref reconnects);

    public IEnumerable<AsobiPush> OfType(string type) => pushes.Where(p => p.Type == type);

    /// <summary>The first push of <paramref name="type"/> recorded so far or within <paramref name="within"/> that satisfies <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string type, Func<JsonElement, bool>? match = null, TimeSpan? within = null)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(() =>
        {
            foreach (var push in pushes)
            {
                if (push.Type == type && (match is null || match(push.Payload)))
                {
                    found = push.Payload;
                    return Task.FromResult(true);
                }
            }

            return Task.FromResult(false);
        }, within ?? TimeSpan.FromSeconds(10), $"no {type} arrived");
        return found;
    }

    public Task WaitForAsync(Func<SocketRecorder, bool> condition, string because, TimeSpan? within = null) =>
        Eventually.TrueAsync(() => Task.FromResult(condition(this)), within ?? TimeSpan.FromSeconds(10), because);
}
