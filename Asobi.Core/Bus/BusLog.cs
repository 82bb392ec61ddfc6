using Microsoft.Extensions.Logging;

namespace Asobi.Bus;

/// <summary>The bus's log messages (source-generated: no formatting cost when the level is off).</summary>
internal static partial class BusLog
{
    [LoggerMessage(1, LogLevel.Information, "Cluster bus listening on channel {Channel} (backend {BackendPid})")]
    public static partial void Listening(this ILogger logger, string channel, int backendPid);

    [LoggerMessage(2, LogLevel.Warning, "Cluster bus listener lost its connection; retrying in {RetryIn}")]
    public static partial void ListenerLost(this ILogger logger, Exception exception, TimeSpan retryIn);

    [LoggerMessage(3, LogLevel.Information, "Cluster bus listener reconnected after {Downtime}; resynchronizing")]
    public static partial void ListenerReconnected(this ILogger logger, TimeSpan downtime);

    [LoggerMessage(4, LogLevel.Warning, "Cluster bus could not send {EventCount} events; retrying in {RetryIn}")]
    public static partial void SendFailed(this ILogger logger, Exception exception, int eventCount, TimeSpan retryIn);

    [LoggerMessage(5, LogLevel.Debug, "Cluster bus send attempt {Attempt} failed; retrying in {RetryIn}")]
    public static partial void SendRetryFailed(this ILogger logger, Exception exception, int attempt, TimeSpan retryIn);

    [LoggerMessage(6, LogLevel.Information, "Cluster bus sent {EventCount} events after {Attempts} attempts")]
    public static partial void SendRecovered(this ILogger logger, int eventCount, int attempts);

    [LoggerMessage(7, LogLevel.Error, "Cluster bus dropped {EventCount} events not sent within {Timeout}")]
    public static partial void DroppedUnsent(this ILogger logger, int eventCount, TimeSpan timeout);

    [LoggerMessage(8, LogLevel.Warning, "Cluster bus outbound queue is full ({Capacity} events); publishes are rejected")]
    public static partial void OutboundQueueFull(this ILogger logger, int capacity);

    [LoggerMessage(9, LogLevel.Warning, "Cluster bus receive queue is full ({Capacity}); events are dropped and subscribers will resynchronize")]
    public static partial void ReceiveQueueFull(this ILogger logger, int capacity);

    [LoggerMessage(10, LogLevel.Warning, "Cluster bus ignored a malformed payload of {Length} characters")]
    public static partial void MalformedPayload(this ILogger logger, int length);

    [LoggerMessage(11, LogLevel.Warning, "Cluster bus could not read overflow rows {Ids}; their events are lost")]
    public static partial void OverflowUnavailable(this ILogger logger, Exception? exception, string ids);

    [LoggerMessage(12, LogLevel.Error, "Cluster bus subscriber for {Topic} failed")]
    public static partial void SubscriberFailed(this ILogger logger, Exception exception, string topic);

    [LoggerMessage(13, LogLevel.Error, "Cluster bus resynchronize handler failed")]
    public static partial void ResynchronizeFailed(this ILogger logger, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "Cluster bus could not delete old overflow rows")]
    public static partial void OverflowCleanupFailed(this ILogger logger, Exception exception);

    [LoggerMessage(15, LogLevel.Debug, "Cluster bus deleted {Count} old overflow rows")]
    public static partial void OverflowCleaned(this ILogger logger, int count);

    [LoggerMessage(16, LogLevel.Warning, "Cluster bus stopped with {EventCount} events unsent")]
    public static partial void StoppedUnsent(this ILogger logger, int eventCount);

    [LoggerMessage(17, LogLevel.Warning, "Cluster bus dropped {EventCount} received events; resynchronizing")]
    public static partial void ResynchronizingAfterLoss(this ILogger logger, long eventCount);
}
