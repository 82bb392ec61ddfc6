using Asobi.Cluster;
using Asobi.Node.Realtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Cluster;

/// <summary>
/// Keeps this node's registry row fresh (URL, load) so the cluster can list it and place matches on it; removes
/// the row on a graceful stop. A row that stops being refreshed marks a dead node.
/// </summary>
public sealed partial class NodeRegistryWorker(
    NodeRegistryStore store,
    NodeIdentity identity,
    LocalSockets sockets,
    Matches.MatchDirectory matches,
    IServer server,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    IOptions<ClusterOptions> options,
    TimeProvider time,
    ILogger<NodeRegistryWorker> logger) : BackgroundService
{
    private readonly TaskCompletionSource<string> url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>This node's public WebSocket URL, known once the server has bound its addresses.</summary>
    public Task<string> PublicUrlAsync => url.Task;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForServerStartAsync(stoppingToken);
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var publicUrl = PublicUrl.Resolve(configuration["Asobi:Node:PublicUrl"], addresses);
        url.TrySetResult(publicUrl);
        LogRegistered(identity.NodeId, publicUrl);

        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        do
        {
            try
            {
                await store.UpsertAsync(Snapshot(publicUrl), stoppingToken);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                // The database is away; keep serving local players and try again next beat.
                LogHeartbeatFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await store.RemoveAsync(identity.NodeId, cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
        {
            LogHeartbeatFailed(ex); // the row expires on its own
        }
    }

    private NodeRecord Snapshot(string publicUrl)
    {
        return new NodeRecord(identity.NodeId, publicUrl, StartedAt, time.GetUtcNow(), sockets.Count, sockets.PlayerCount, Matches: matches.Count);
    }

    private Task WaitForServerStartAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} serving at {Url}")]
    private partial void LogRegistered(string nodeId, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registry heartbeat failed")]
    private partial void LogHeartbeatFailed(Exception ex);
}
