using System.Text.Json;
using Asobi.Bus;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Leaderboards;

/// <summary>
/// Every configured board's cache on this node: built from PostgreSQL at start (before the node serves), kept
/// current from <c>leaderboard.score</c> bus events (this node's own and other nodes'), and rebuilt from the table
/// after a bus outage, since events sent meanwhile were lost.
/// </summary>
public sealed partial class LeaderboardCaches(
    IOptions<LeaderboardOptions> options,
    LeaderboardStore store,
    IClusterBus bus,
    TimeProvider clock,
    LeaderboardMetrics metrics,
    ILogger<LeaderboardCaches> logger) : IHostedService
{
    public const string Topic = "leaderboard.score";

    private readonly Dictionary<string, LeaderboardCache> boards =
        options.Value.Definitions().ToDictionary(
            d => d.Id, d => new LeaderboardCache(d, d.PeriodEndAt(clock.GetUtcNow())), StringComparer.Ordinal);
    private readonly List<IDisposable> subscriptions = [];

    public LeaderboardCache? Find(string id) => boards.GetValueOrDefault(id);

    public IEnumerable<LeaderboardCache> All => boards.Values;

    /// <summary>Applies a stored score here at once and tells every node (including this one, harmlessly).</summary>
    public void Publish(string boardId, StoredScore stored)
    {
        boards[boardId].Apply(stored.PeriodEnd, stored.PlayerId, stored.Score, stored.ReachedAtMicros, stored.Version);
        var data = JsonSerializer.Serialize(new ScoreEvent(
            boardId, stored.PeriodEnd.UtcTicks, stored.PlayerId, stored.Score, stored.ReachedAtMicros, stored.Version));
        if (!bus.TryPublish(Topic, data))
        {
            // Persisted already; other nodes pick it up at their next catch-up pass.
            LogPublishDropped(boardId);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.ObserveEntries(boards.Values);
        // Subscribe before reading so nothing committed during the read is missed (the rebuild replays it).
        subscriptions.Add(bus.Subscribe(Topic, OnScoreAsync));
        subscriptions.Add(bus.OnResynchronize(ct => new ValueTask(RebuildAllAsync(ct))));
        await RebuildAllAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscriptions.ForEach(s => s.Dispose());
        return Task.CompletedTask;
    }

    public async Task RebuildAllAsync(CancellationToken ct)
    {
        foreach (var cache in boards.Values)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            cache.Advance(cache.Definition.PeriodEndAt(clock.GetUtcNow()));
            var period = cache.BeginRebuild();
            cache.CompleteRebuild(await store.LoadAsync(cache.Definition, period, ct), period);
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            metrics.Rebuilt(cache.Definition.Id, elapsed);
            LogRebuilt(cache.Definition.Id, cache.Count, elapsed.TotalMilliseconds);
        }
    }

    private ValueTask OnScoreAsync(BusMessage message)
    {
        var evt = JsonSerializer.Deserialize<ScoreEvent>(message.Data);
        if (evt is not null && boards.TryGetValue(evt.B, out var cache))
        {
            cache.Apply(new DateTimeOffset(evt.E, TimeSpan.Zero), evt.P, evt.S, evt.T, evt.V);
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bus queue full: score update on board {Board} not sent to other nodes")]
    private partial void LogPublishDropped(string board);

    [LoggerMessage(Level = LogLevel.Information, Message = "Leaderboard {Board} cache built: {Count} entries in {Ms} ms")]
    private partial void LogRebuilt(string board, int count, double ms);

    /// <summary>
    /// Short names: a NOTIFY payload is limited and many of these are packed into one. E is the period end in UTC
    /// ticks (exact, so receivers compare it with their own period without rounding).
    /// </summary>
    private sealed record ScoreEvent(string B, long E, Guid P, long S, long T, long V);
}
