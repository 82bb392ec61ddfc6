using System.Text;
using Asobi.Node.Matches.Relay;
using Asobi.UnitTests.Bus;
using Asobi.UnitTests.Realtime;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Matches.Relay;

public sealed class HostedMatchOutputTests
{
    private readonly RecordingBus bus = new();
    private readonly TestSockets sockets = new();
    private readonly Guid matchId = Guid.NewGuid();

    private HostedMatchOutput Output() => new(matchId, "host", sockets.Sockets, RelayOutboxTests.Immediate(bus), new FakeTimeProvider());

    private static byte[] Frame(string type) => Encoding.UTF8.GetBytes("{\"type\":\"" + type + "\",\"payload\":{}}");

    private List<RelayBatch> BatchesTo(string node) =>
        [.. bus.Published.Where(p => p.Topic == RelayTopics.ToRelay(node)).SelectMany(p => RelayBatch.ReadAll(p.Data)!)];

    [Fact]
    public async Task Local_players_get_frames_on_their_sockets_and_relayed_ones_wait_for_the_flush()
    {
        var (local, relayed) = (Guid.NewGuid(), Guid.NewGuid());
        var ws = new RecordingWebSocket();
        sockets.Open(ws, local);
        var output = Output();
        output.Relay(relayed, "node-b");

        var state = Frame("match.state");
        output.Send(local, state);
        output.Send(relayed, state);
        Assert.Equal("match.state", (await ws.NextAsync()).RootElement.GetProperty("type").GetString());
        Assert.Empty(bus.Published);

        output.Flush(droppable: true);
        var batch = Assert.Single(BatchesTo("node-b"));
        Assert.Equal(matchId, batch.MatchId);
        Assert.Equal("host", batch.Host);
        Assert.True(batch.Droppable);
        Assert.Equal(state, Assert.Single(batch.Frames).Frame);
        Assert.Equal([relayed], batch.Frames[0].Players);
    }

    [Fact]
    public void A_shared_frame_is_carried_once_per_relaying_node_with_all_its_players_and_one_event_goes_to_each_node()
    {
        var (b1, b2, c1) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var output = Output();
        output.Relay(b1, "node-b");
        output.Relay(b2, "node-b");
        output.Relay(c1, "node-c");
        var ev = Frame("match.moved");
        var state = Frame("match.state");
        foreach (var frame in new[] { ev, state })
        {
            output.Send(b1, frame);
            output.Send(c1, frame);
            output.Send(b2, frame);
        }

        output.Flush(droppable: false);
        var toB = Assert.Single(BatchesTo("node-b"));
        Assert.Equal(2, toB.Frames.Count);
        Assert.Equal([b1, b2], toB.Frames[0].Players);
        Assert.Equal(ev, toB.Frames[0].Frame);
        Assert.Equal(state, toB.Frames[1].Frame);
        Assert.False(toB.Droppable);
        Assert.Equal([c1], Assert.Single(BatchesTo("node-c")).Frames[1].Players);

        output.Flush(droppable: true);
        Assert.Equal(2, bus.Published.Count); // nothing waiting: no empty events
    }

    [Fact]
    public void A_released_player_is_named_in_the_next_batch_and_then_served_locally()
    {
        var player = Guid.NewGuid();
        var output = Output();
        output.Relay(player, "node-b");
        output.Release(player);
        Assert.Null(output.RelayOf(player));
        output.Flush(droppable: true);

        var batch = Assert.Single(BatchesTo("node-b"));
        Assert.Equal([player], batch.Released);
        Assert.False(batch.Droppable); // it changes a seat: never dropped as overload
        Assert.Empty(batch.Frames);
    }

    [Fact]
    public void Closing_tells_every_relaying_node_the_match_ended_even_with_nothing_to_send()
    {
        var output = Output();
        output.Relay(Guid.NewGuid(), "node-b");
        output.Relay(Guid.NewGuid(), "node-c");
        output.Close();
        Assert.True(Assert.Single(BatchesTo("node-b")).Ended);
        Assert.True(Assert.Single(BatchesTo("node-c")).Ended);
        Assert.Empty(output.Relayed());
    }

    [Fact]
    public void A_batch_the_bus_refuses_is_dropped_without_throwing_and_the_next_one_goes()
    {
        var player = Guid.NewGuid();
        var output = Output();
        output.Relay(player, "node-b");
        bus.Full = true;
        output.Send(player, Frame("match.state"));
        output.Flush(droppable: true);
        bus.Full = false;
        output.Send(player, Frame("match.state"));
        output.Flush(droppable: true);
        Assert.Single(BatchesTo("node-b"));
    }
}
