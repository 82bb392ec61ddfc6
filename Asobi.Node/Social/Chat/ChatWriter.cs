using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asobi.Node.Social.Chat;

/// <summary>
/// Stores chat messages in batches (one round trip for everything waiting) and fans each out right after its batch
/// commits, in arrival order, so a sender's messages are delivered in the order sent without each socket waiting
/// for its own insert. A message whose batch cannot be stored completes with null (the sender gets
/// <c>chat.unavailable</c>) and is delivered to nobody. Overload policy: the queue is bounded; when it is full new
/// messages are refused at once (<c>chat.unavailable</c>), never queued without bound.
/// </summary>
public sealed partial class ChatWriter(ChatStore store, IOptions<ChatOptions> options, ILogger<ChatWriter> logger) : BackgroundService
{
    private const int MaxBatch = 512;

    private readonly Channel<PendingMessage> queue = Channel.CreateBounded<PendingMessage>(
        new BoundedChannelOptions(options.Value.WriteQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Queues the message; false when the queue is full.</summary>
    public bool TryEnqueue(PendingMessage message) => queue.Writer.TryWrite(message);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingMessage>(MaxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                await WriteAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        while (queue.Reader.TryRead(out var left))
        {
            left.Stored.TrySetResult(null); // shutting down: refused, not lost silently
        }
    }

    private async Task WriteAsync(List<PendingMessage> batch, CancellationToken ct)
    {
        IReadOnlyList<long> ids;
        try
        {
            ids = await store.InsertManyAsync(batch, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            LogStoreFailed(ex, batch.Count);
            batch.ForEach(m => m.Stored.TrySetResult(null));
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var m = batch[i];
            var stored = new ChatMessage(ids[i], m.ChannelId, m.SenderId, m.Content, m.SentAt);
            try
            {
                m.Deliver(stored);
            }
            catch (Exception ex)
            {
                LogDeliverFailed(ex, m.ChannelId); // stored; history has it
            }

            m.Stored.TrySetResult(stored);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store {Count} chat messages; their senders are told")]
    private partial void LogStoreFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Fan-out of a stored message to {ChannelId} failed")]
    private partial void LogDeliverFailed(Exception ex, string channelId);
}
