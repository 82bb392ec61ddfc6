using System.Text;
using Asobi.Node.Matches.Relay;

namespace Asobi.UnitTests.Matches.Relay;

public sealed class RelayInboxTests
{
    private static readonly byte[] Frame = Encoding.UTF8.GetBytes("""{"type":"match.state","payload":{}}""");

    private static RelayBatch Batch(bool droppable, int players = 1, string host = "h") =>
        new(Guid.NewGuid(), host, 0, droppable, false, false, [], [new RelayFrame(Frame, [.. Enumerable.Range(0, players).Select(_ => Guid.NewGuid())])]);

    [Fact]
    public async Task Batches_come_out_in_arrival_order()
    {
        using var inbox = new RelayInbox(8, TestMatches.Metrics);
        var batches = Enumerable.Range(0, 5).Select(i => Batch(i % 2 == 0)).ToList();
        batches.ForEach(inbox.Add);
        foreach (var b in batches)
        {
            Assert.Same(b, await inbox.TakeAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task When_full_the_oldest_state_only_batch_is_dropped_and_its_frames_counted()
    {
        using var inbox = new RelayInbox(3, TestMatches.Metrics);
        var join = Batch(droppable: false);
        var oldState = Batch(droppable: true, players: 2);
        var newerState = Batch(droppable: true);
        inbox.Add(join);
        inbox.Add(oldState);
        inbox.Add(newerState);

        var latest = Batch(droppable: true);
        inbox.Add(latest);

        Assert.Equal(3, inbox.Count);
        Assert.Equal(2, inbox.DroppedFrames);
        Assert.Same(join, await inbox.TakeAsync(CancellationToken.None));
        Assert.Same(newerState, await inbox.TakeAsync(CancellationToken.None));
        Assert.Same(latest, await inbox.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task When_full_of_batches_that_are_more_than_state_the_oldest_is_dropped_and_counted()
    {
        using var inbox = new RelayInbox(2, TestMatches.Metrics);
        var first = Batch(droppable: false);
        var second = Batch(droppable: false);
        var third = Batch(droppable: false);
        inbox.Add(first);
        inbox.Add(second);
        inbox.Add(third);

        Assert.Equal(1, inbox.DroppedFrames);
        Assert.Same(second, await inbox.TakeAsync(CancellationToken.None));
        Assert.Same(third, await inbox.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Taking_waits_for_a_batch_and_stops_when_cancelled()
    {
        using var inbox = new RelayInbox(2, TestMatches.Metrics);
        var take = inbox.TakeAsync(CancellationToken.None);
        Assert.False(take.IsCompleted);
        var batch = Batch(true);
        inbox.Add(batch);
        Assert.Same(batch, await take.WaitAsync(TimeSpan.FromSeconds(5)));

        using var cts = new CancellationTokenSource();
        var waiting = inbox.TakeAsync(cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
