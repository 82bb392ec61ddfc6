namespace Asobi.Bus;

public sealed partial class PostgresClusterBus
{
    private volatile bool resynchronizing;

    private async Task DeliveryLoopAsync()
    {
        var cancellationToken = abortDelivery.Token;
        try
        {
            while (await inbound.Reader.WaitToReadAsync(cancellationToken))
            {
                while (inbound.Reader.TryRead(out var item))
                {
                    if (item.Local is { } local)
                    {
                        await DispatchAsync(local);
                    }
                    else if (item.Payload is { } payload)
                    {
                        await DeliverRemoteAsync(payload, cancellationToken);
                    }

                    if (Volatile.Read(ref resynchronizePending) == 1)
                    {
                        // Flagged before the request is taken, so IsConnected never reads true in between.
                        resynchronizing = true;
                        Interlocked.Exchange(ref resynchronizePending, 0);
                        try
                        {
                            await ResynchronizeAsync(cancellationToken);
                        }
                        finally
                        {
                            resynchronizing = false;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping ran out of time; undelivered events are dropped with the process.
        }
    }

    private async Task DeliverRemoteAsync(string payload, CancellationToken cancellationToken)
    {
        if (!BusEnvelopeReader.TryDecode(payload, out var decoded))
        {
            metrics.RecordDropped(DropReason.Malformed);
            logger.MalformedPayload(payload.Length);
            return;
        }

        if (decoded.OriginNodeId == nodeId)
        {
            return;
        }

        var overflow = await FetchOverflowAsync(decoded, cancellationToken);
        var latency = (UnixMicros(time.GetUtcNow()) - decoded.SentAtUnixMicros) / 1_000_000.0;
        foreach (var entry in decoded.Entries)
        {
            var resolved = entry;
            if (entry.OverflowId is { } id
                && !(overflow is not null && overflow.TryGetValue(id, out var row) && BusEnvelopeReader.TryDecodeEntry(row, out resolved)))
            {
                metrics.RecordDropped(DropReason.OverflowUnavailable);
                NoteReceiveLoss(1);
                continue;
            }

            metrics.Received.Add(1);
            metrics.DeliveryLatency.Record(latency);
            await DispatchAsync(new BusMessage(resolved.Topic, resolved.Data, decoded.OriginNodeId, decoded.SentAtUnixMicros));
        }
    }

    private async Task<Dictionary<long, string>?> FetchOverflowAsync(DecodedPayload decoded, CancellationToken cancellationToken)
    {
        var ids = decoded.Entries.Where(e => e.OverflowId is not null).Select(e => e.OverflowId!.Value).ToList();
        if (ids.Count == 0)
        {
            return null;
        }

        try
        {
            var rows = await store.GetOverflowAsync(ids, cancellationToken);
            if (rows.Count < ids.Count)
            {
                logger.OverflowUnavailable(null, string.Join(',', ids.Where(id => !rows.ContainsKey(id))));
            }

            return rows;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.OverflowUnavailable(ex, string.Join(',', ids));
            return null;
        }
    }

    private async Task DispatchAsync(BusMessage message)
    {
        foreach (var handler in subscriptions.HandlersFor(message.Topic))
        {
            try
            {
                await handler(message);
            }
            catch (Exception ex)
            {
                logger.SubscriberFailed(ex, message.Topic);
            }
        }
    }

    private async Task ResynchronizeAsync(CancellationToken cancellationToken)
    {
        var lost = Interlocked.Exchange(ref receiveLosses, 0);
        if (lost > 0)
        {
            logger.ResynchronizingAfterLoss(lost);
        }

        foreach (var handler in subscriptions.ResynchronizeHandlers)
        {
            try
            {
                await handler(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.ResynchronizeFailed(ex);
            }
        }
    }

    private async Task CleanupLoopAsync()
    {
        var cancellationToken = stopListening.Token;
        using var timer = new PeriodicTimer(options.OverflowCleanupInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var deleted = await store.DeleteOverflowOlderThanAsync(options.OverflowRetention, cancellationToken);
                    logger.OverflowCleaned(deleted);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.OverflowCleanupFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
