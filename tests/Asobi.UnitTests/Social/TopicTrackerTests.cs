using System.Diagnostics.Metrics;
using Asobi.Node;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Fanout;
using Asobi.UnitTests.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Social;

public sealed class TopicTrackerTests
{
    private readonly TopicTracker tracker = new();
    private readonly NodeMetrics metrics;

    public TopicTrackerTests()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        metrics = new NodeMetrics(meters, new LocalSockets([]));
    }

    private SocketSession NewSocket() => new(new RecordingWebSocket(), new SocketOptions(), new FakeTimeProvider(), metrics, NullLogger.Instance);

    [Fact]
    public void A_socket_follows_a_topic_once_and_leaves_it()
    {
        using var socket = NewSocket();
        Assert.Equal(TrackOutcome.Added, tracker.Track(socket, "global:a", 4));
        Assert.Equal(TrackOutcome.AlreadyTracked, tracker.Track(socket, "global:a", 4));
        Assert.Single(tracker.Subscribers("global:a"));
        Assert.True(tracker.Untrack(socket, "global:a"));
        Assert.Empty(tracker.Subscribers("global:a"));
        Assert.False(tracker.IsTracked(socket, "global:a"));
    }

    [Fact]
    public void A_socket_cannot_follow_more_topics_than_the_limit()
    {
        using var socket = NewSocket();
        Assert.Equal(TrackOutcome.Added, tracker.Track(socket, "global:a", 2));
        Assert.Equal(TrackOutcome.Added, tracker.Track(socket, "global:b", 2));
        Assert.Equal(TrackOutcome.LimitReached, tracker.Track(socket, "global:c", 2));
        tracker.Untrack(socket, "global:a");
        Assert.Equal(TrackOutcome.Added, tracker.Track(socket, "global:c", 2));
        Assert.Equal(2, tracker.CountOf(socket));
    }

    [Fact]
    public void A_closed_socket_leaves_every_topic_and_others_stay()
    {
        using var one = NewSocket();
        using var two = NewSocket();
        tracker.Track(one, "global:a", 8);
        tracker.Track(one, "global:b", 8);
        tracker.Track(two, "global:a", 8);
        tracker.OnClosed(one);
        Assert.Equal([two.Id], tracker.Subscribers("global:a").Select(s => s.Id));
        Assert.Empty(tracker.Subscribers("global:b"));
        Assert.Equal(0, tracker.CountOf(one));
    }
}
