using Microsoft.Extensions.Options;

namespace Asobi.Node.Social.Chat;

/// <summary>
/// Creates chat partitions ahead of time and drops those past the retention, at start and then every maintenance
/// interval. Every node runs it; the SQL function serialises concurrent runs, and repeating it is harmless.
/// </summary>
public sealed partial class ChatMaintenanceWorker(ChatStore store, IOptions<ChatOptions> options, TimeProvider time, ILogger<ChatMaintenanceWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var timer = new PeriodicTimer(o.MaintenanceInterval, time);
        do
        {
            try
            {
                var dropped = await store.MaintainAsync(time.GetUtcNow(), o.PartitionDaysAhead, o.Retention, stoppingToken);
                if (dropped > 0)
                {
                    LogDropped(dropped);
                }
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                LogFailed(ex); // inserts create a missing day partition themselves; retried next interval
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} chat partitions past the retention")]
    private partial void LogDropped(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat partition maintenance failed")]
    private partial void LogFailed(Exception ex);
}
