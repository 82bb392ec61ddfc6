using System.Text;
using System.Text.Json;
using Asobi.Cluster;
using Asobi.Node.Matches;
using Asobi.Node.Matches.Relay;
using Asobi.Node.Realtime;
using Asobi.UnitTests.Bus;
using Asobi.UnitTests.Realtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Matches.Relay;

public sealed class RelaySeatsTests
{
    private readonly RecordingBus bus = new();
    private readonly TestSockets sockets = new();
    private readonly FakeTimeProvider time = new();
    private readonly RelaySeats seats;
    private readonly Guid matchId = Guid.NewGuid();

    public RelaySeatsTests() =>
        seats = new RelaySeats(bus, sockets.Sockets, new NodeIdentity("node-b"), Options.Create(new MatchOptions()), TestMatches.Metrics,
            time, NullLogger<RelaySeats>.Instance);

    private static readonly byte[] State = Encoding.UTF8.GetBytes("""{"type":"match.state","payload":{"tick":1}}""");

    private RelayBatch Batch(IReadOnlyList<RelayFrame> frames, bool ended = false, bool gone = false, IReadOnlyList<Guid>? released = null) =>
        new(matchId, "host", 0, false, ended, gone, released ?? [], frames);

    private List<RelayCommand> CommandsToHost() =>
        [.. bus.Published.Where(p => p.Topic == RelayTopics.ToHost("host")).Select(p => RelayCommand.Read(p.Data)!)];

    [Fact]
    public async Task A_join_goes_to_the_host_and_its_frames_reach_only_the_players_sockets_that_do_not_migrate()
    {
        var player = Guid.NewGuid();
        var unaware = new RecordingWebSocket();
        var aware = new RecordingWebSocket();
        sockets.Open(unaware, player);
        sockets.Open(aware, player, ClientFeatures.Migrate);

        Assert.True(seats.Join(player, matchId, "host", "demo", "\"j\""));
        var join = Assert.Single(CommandsToHost());
        Assert.Equal((RelayOp.Join, player, "node-b", "\"j\""), (join.Op, join.PlayerId, join.From, join.CidJson));

        seats.Deliver(Batch([new RelayFrame(State, [player])]));
        Assert.Equal(1, (await unaware.NextAsync()).RootElement.GetProperty("payload").GetProperty("tick").GetInt32());
        Assert.Equal(0, aware.Pending);
    }

    [Fact]
    public void Inputs_are_forwarded_while_seated_counted_when_the_bus_is_full_and_refused_after_leaving()
    {
        var player = Guid.NewGuid();
        sockets.Open(null, player);
        var input = JsonSerializer.SerializeToElement(new { move_x = 1 });
        Assert.False(seats.Input(player, input));

        seats.Join(player, matchId, "host", "demo", null);
        Assert.True(seats.Input(player, input));
        bus.Full = true;
        Assert.True(seats.Input(player, input)); // in a match: the client hears nothing, the drop is counted
        bus.Full = false;
        Assert.True(seats.Leave(player));
        Assert.False(seats.Input(player, input));
        Assert.Equal([RelayOp.Join, RelayOp.Input, RelayOp.Leave], CommandsToHost().Select(c => c.Op));
    }

    [Fact]
    public void Frames_for_a_player_this_node_no_longer_relays_make_it_tell_the_host_once_per_batch()
    {
        var stranger = Guid.NewGuid();
        seats.Deliver(Batch([new RelayFrame(State, [stranger]), new RelayFrame(State, [stranger])]));
        var told = Assert.Single(CommandsToHost());
        Assert.Equal((RelayOp.Disconnect, stranger, matchId), (told.Op, told.PlayerId, told.MatchId));
    }

    [Fact]
    public void An_ended_batch_forgets_the_match_and_a_released_player_is_forgotten_after_getting_its_answer()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        seats.Join(a, matchId, "host", "demo", null);
        seats.Join(b, matchId, "host", "demo", "\"x\"");
        seats.Deliver(Batch([], released: [b]));
        Assert.Null(seats.SeatOf(b));
        Assert.NotNull(seats.SeatOf(a));
        seats.Deliver(Batch([], ended: true));
        Assert.Equal(0, seats.Count);
    }

    [Fact]
    public async Task A_gone_batch_ends_the_seats_still_relayed_to_it_as_host_lost()
    {
        var player = Guid.NewGuid();
        var ws = new RecordingWebSocket();
        sockets.Open(ws, player);
        seats.Join(player, matchId, "host", "demo", null);
        seats.Deliver(Batch([], gone: true));

        var finished = (await ws.NextAsync()).RootElement;
        Assert.Equal("match.finished", finished.GetProperty("type").GetString());
        Assert.Equal("host_lost", finished.GetProperty("payload").GetProperty("result").GetProperty("reason").GetString());
        Assert.Null(seats.SeatOf(player));
    }

    [Fact]
    public async Task A_host_missing_from_the_registry_twice_in_a_row_ends_its_seats_as_host_lost_but_once_does_not()
    {
        var player = Guid.NewGuid();
        var ws = new RecordingWebSocket();
        sockets.Open(ws, player);
        seats.Join(player, matchId, "host", "demo", null);
        seats.Deliver(Batch([new RelayFrame(State, [player])]));
        await ws.NextAsync();

        seats.Check(new HashSet<string> { "node-b" });
        seats.Check(new HashSet<string> { "host", "node-b" }); // back: the count starts again
        seats.Check(new HashSet<string> { "node-b" });
        Assert.NotNull(seats.SeatOf(player));
        seats.Check(new HashSet<string> { "node-b" });
        Assert.Null(seats.SeatOf(player));
        Assert.Equal("match.finished", (await ws.NextAsync()).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_join_the_host_never_answers_fails_with_host_unreachable_and_the_cid_after_the_timeout()
    {
        var player = Guid.NewGuid();
        var ws = new RecordingWebSocket();
        sockets.Open(ws, player);
        seats.Join(player, matchId, "host", "demo", "\"j\"");
        var live = new HashSet<string> { "host" };
        time.Advance(new MatchOptions().RelayJoinTimeout - TimeSpan.FromSeconds(1));
        seats.Check(live);
        Assert.NotNull(seats.SeatOf(player));

        time.Advance(TimeSpan.FromSeconds(2));
        seats.Check(live);
        var error = (await ws.NextAsync()).RootElement;
        Assert.Equal("j", error.GetProperty("cid").GetString());
        Assert.Equal("match.host_unreachable", error.GetProperty("payload").GetProperty("error").GetProperty("code").GetString());
        Assert.Null(seats.SeatOf(player));
        Assert.Equal(RelayOp.Disconnect, CommandsToHost()[^1].Op); // if the host seated them late, the seat waits for its grace
    }

    [Fact]
    public void A_join_the_bus_refuses_holds_no_seat()
    {
        bus.Full = true;
        Assert.False(seats.Join(Guid.NewGuid(), matchId, "host", "demo", null));
        Assert.Equal(0, seats.Count);
    }

    [Fact]
    public void Closing_the_last_socket_that_takes_relayed_frames_disconnects_the_seat_on_the_host()
    {
        var player = Guid.NewGuid();
        var unaware = sockets.Open(null, player);
        var aware = sockets.Open(null, player, ClientFeatures.Migrate);
        seats.Join(player, matchId, "host", "demo", null);

        sockets.Sockets.Remove(aware);
        seats.SocketClosed(player);
        Assert.NotNull(seats.SeatOf(player));
        sockets.Sockets.Remove(unaware);
        seats.SocketClosed(player);
        Assert.Null(seats.SeatOf(player));
        Assert.Equal(RelayOp.Disconnect, CommandsToHost()[^1].Op);
    }
}
