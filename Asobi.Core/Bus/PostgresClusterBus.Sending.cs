namespace Asobi.Bus;

public sealed partial class PostgresClusterBus
{
    /// <summary>Events taken from the queue per round trip; at saturation rounds fill up and payloads with them.</summary>
    internal const int MaxEventsPerRound = 1024;

    private long nextSequence = 1;

    private async Task SendLoopAsync()
    {
        var cancellationToken = abortSending.Token;
        var round = new List<OutboundEvent>(MaxEventsPerRound);
        try
        {
            // No lingering for a fuller batch: an idle bus sends at once, a busy one finds its queue full anyway.
            while (await outbound.Reader.WaitToReadAsync(cancellationToken))
            {
                while (round.Count < MaxEventsPerRound && outbound.Reader.TryRead(out var e))
                {
                    round.Add(e);
                }

                await SendRoundAsync(round, cancellationToken);
                round.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping ran out of time: whatever is left was never sent.
            while (outbound.Reader.TryRead(out var e))
            {
                round.Add(e);
            }

            if (round.Count > 0)
            {
                metrics.RecordDropped(DropReason.Stopped, round.Count);
                logger.StoppedUnsent(round.Count);
                Complete(round, SendOutcome.Stopped);
            }
        }
    }

    /// <summary>Sends one round, retrying with backoff until it is sent or its events pass the publish timeout.</summary>
    private async Task SendRoundAsync(List<OutboundEvent> events, CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff();
        var attempts = 0;
        while (true)
        {
            DropOverdue(events);
            if (events.Count == 0)
            {
                return;
            }

            attempts++;
            try
            {
                var round = packer.Pack(events);
                var overflowIds = round.OverflowRows.Count == 0
                    ? []
                    : await store.InsertOverflowAsync(round.OverflowRows, cancellationToken);
                var payloads = round.Render(overflowIds, nextSequence);
                await store.NotifyAsync(options.Channel, payloads, cancellationToken);
                nextSequence += payloads.Count;

                foreach (var payload in payloads)
                {
                    metrics.BatchSize.Record(payload.EventCount);
                }

                metrics.Published.Add(events.Count);
                Complete(events, SendOutcome.Sent);
                if (attempts > 1)
                {
                    logger.SendRecovered(events.Count, attempts);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Wake at the first deadline at the latest, so callers hear about a timeout when it happens.
                var delay = backoff.Next();
                var untilDeadline = options.PublishTimeout - time.GetElapsedTime(events[0].EnqueuedTimestamp);
                if (untilDeadline < delay)
                {
                    delay = untilDeadline > TimeSpan.Zero ? untilDeadline : TimeSpan.Zero;
                }

                if (attempts == 1)
                {
                    logger.SendFailed(ex, events.Count, delay);
                }
                else
                {
                    logger.SendRetryFailed(ex, attempts, delay);
                }

                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    /// <summary>Events older than the publish timeout are dropped, counted and logged; never silently.</summary>
    private void DropOverdue(List<OutboundEvent> events)
    {
        var overdue = 0;
        while (overdue < events.Count && time.GetElapsedTime(events[overdue].EnqueuedTimestamp) >= options.PublishTimeout)
        {
            overdue++;
        }

        if (overdue == 0)
        {
            return;
        }

        var dropped = events.GetRange(0, overdue);
        events.RemoveRange(0, overdue);
        metrics.RecordDropped(DropReason.Timeout, overdue);
        logger.DroppedUnsent(overdue, options.PublishTimeout);
        Complete(dropped, SendOutcome.TimedOut);
    }

    private static void Complete(List<OutboundEvent> events, SendOutcome outcome)
    {
        foreach (var e in events)
        {
            e.Completion?.TrySetResult(outcome);
        }
    }
}
