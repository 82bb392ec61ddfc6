using Asobi.Cluster;
using Asobi.Node.Matches;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asobi.Node.Matchmaking;

/// <summary>
/// Runs <see cref="TicketFollowUps"/> in batches of up to <see cref="MaxBatch"/> jobs, one database round trip each,
/// and tells connecting players of matches they were placed in while offline (<see cref="MatchService.Recall"/>).
/// </summary>
public sealed partial class TicketFollowUpWorker(
    TicketFollowUps queue,
    TicketStore store,
    MatchService matches,
    NodeIdentity node,
    IOptions<MatchOptions> options,
    IOptions<ClusterOptions> cluster,
    ILogger<TicketFollowUpWorker> logger) : BackgroundService
{
    public const int MaxBatch = 512;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<FollowUp>(MaxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var job))
                {
                    batch.Add(job);
                }

                await RunAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync(List<FollowUp> batch, CancellationToken ct)
    {
        var connected = batch.Where(j => j.TellOf is null).Select(j => j.PlayerId).Distinct().ToList();
        var told = batch.Where(j => j.TellOf is not null).Select(j => (j.TellOf!.Value, j.PlayerId)).Distinct().ToList();
        try
        {
            var untold = await store.FollowUpAsync(node.NodeId, connected, told, options.Value.SeatGrace, cluster.Value.NodeTimeout, ct);
            foreach (var u in untold)
            {
                matches.Recall(u.PlayerId, u.Match);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogFailed(batch.Count, ex); // players connecting now are not told of untold matches; their tickets still name them
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket follow-ups failed ({Count} jobs)")]
    private partial void LogFailed(int count, Exception ex);
}
