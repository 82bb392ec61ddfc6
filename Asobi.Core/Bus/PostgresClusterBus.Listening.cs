using Npgsql;

namespace Asobi.Bus;

public sealed partial class PostgresClusterBus
{
    private long receiveLosses;
    private int resynchronizePending;

    private async Task ListenLoopAsync()
    {
        var cancellationToken = stopListening.Token;
        var backoff = new ReconnectBackoff();
        var everConnected = false;
        var lostAt = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            var connection = new NpgsqlConnection(listenConnectionString);
            connection.Notification += OnNotification;
            try
            {
                await connection.OpenAsync(cancellationToken);
                await BusStore.ListenAsync(connection, options.Channel, cancellationToken);
                connected = true;
                backoff.Reset();
                logger.Listening(options.Channel, connection.ProcessID);
                if (everConnected)
                {
                    // Whatever was sent while we were away is gone: subscribers re-read their state.
                    metrics.Reconnects.Add(1);
                    logger.ListenerReconnected(time.GetElapsedTime(lostAt));
                    RequestResynchronize();
                }

                everConnected = true;
                while (true)
                {
                    // Returns for each notification; the keepalive pings while nothing arrives.
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await UnlistenQuietlyAsync(connection);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Server restart, backend terminated (57P01), network loss: the connection is broken; start over.
                // Anything else too: the listener must outlive every failure except stopping.
                if (connected)
                {
                    lostAt = time.GetTimestamp();
                }

                connected = false;
                var delay = backoff.Next();
                logger.ListenerLost(ex, delay);
                await DelayUnlessStoppingAsync(delay, cancellationToken);
            }
            finally
            {
                connected = false;
                connection.Notification -= OnNotification;
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Runs on Npgsql's read path: only filter and enqueue.</summary>
    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Payload.StartsWith(ownPayloadPrefix, StringComparison.Ordinal))
        {
            return; // Ours: delivered locally when published.
        }

        if (!inbound.Writer.TryWrite(InboundItem.Remote(e.Payload)))
        {
            metrics.RecordDropped(DropReason.ReceiveQueueFull);
            NoteReceiveLoss(1);
        }
    }

    private void DeliverLocally(BusMessage message)
    {
        if (!inbound.Writer.TryWrite(InboundItem.FromLocal(message)))
        {
            metrics.RecordDropped(DropReason.ReceiveQueueFull);
            NoteReceiveLoss(1);
        }
    }

    /// <summary>Events this process should have delivered are gone: subscribers must resynchronize.</summary>
    private void NoteReceiveLoss(long count)
    {
        if (Interlocked.Add(ref receiveLosses, count) == count)
        {
            logger.ReceiveQueueFull(options.ReceiveQueueCapacity);
        }

        RequestResynchronize();
    }

    private void RequestResynchronize()
    {
        Interlocked.Exchange(ref resynchronizePending, 1);
        // If the queue is full the delivery loop is busy and sees the flag after its current item.
        inbound.Writer.TryWrite(InboundItem.Wake);
    }

    private static async Task UnlistenQuietlyAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await BusStore.UnlistenAsync(connection, timeout.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or IOException or TimeoutException)
        {
            // Closing the unpooled connection ends the session, which stops listening too.
        }
    }

    private async Task DelayUnlessStoppingAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
