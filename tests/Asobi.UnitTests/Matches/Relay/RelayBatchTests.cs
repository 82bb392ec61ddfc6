using System.Text;
using Asobi.Node.Matches.Relay;
using Asobi.Node.Realtime;

namespace Asobi.UnitTests.Matches.Relay;

public sealed class RelayBatchTests
{
    [Fact]
    public void A_batch_read_back_carries_each_frame_byte_for_byte_and_every_field()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var state = Envelope.Serialize("match.state", new { players = new Dictionary<string, object> { ["x"] = new { x = 1.5, name = "é\"\\" } } });
        var joined = Envelope.Serialize("match.joined", new { match_id = Guid.NewGuid() }, "\"c-1\"");
        var batch = new RelayBatch(Guid.NewGuid(), "node-a", 1_234_567, Droppable: true, Ended: false, Gone: false, [b],
            [new RelayFrame(joined, [a]), new RelayFrame(state, [a, b])]);

        var read = Assert.Single(RelayBatch.ReadAll(batch.Write())!);

        Assert.Equal(batch.MatchId, read.MatchId);
        Assert.Equal("node-a", read.Host);
        Assert.Equal(1_234_567, read.SentAtUnixMicros);
        Assert.True(read.Droppable);
        Assert.False(read.Ended);
        Assert.False(read.Gone);
        Assert.Equal([b], read.Released);
        Assert.Equal(joined, read.Frames[0].Frame);
        Assert.Equal(state, read.Frames[1].Frame);
        Assert.Equal([a, b], read.Frames[1].Players);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("\"text\"")]
    [InlineData("""{"match_id":"x","host":"h","sent_at":1,"droppable":false,"ended":false,"gone":false,"released":[],"frames":[]}""")]
    [InlineData("""{"match_id":"6a1b4d3e-9a52-4c2e-8f0e-1b2c3d4e5f60","host":"h","sent_at":1,"droppable":false,"ended":false,"gone":false,"released":[],"frames":[{"players":[],"frame":"text"}]}""")]
    public void A_malformed_batch_is_refused_rather_than_thrown(string data) => Assert.Null(RelayBatch.ReadAll(data));

    [Fact]
    public void A_batch_claiming_more_frames_than_the_limit_is_refused()
    {
        var frame = Encoding.UTF8.GetBytes("""{"type":"match.state","payload":{}}""");
        var batch = new RelayBatch(Guid.NewGuid(), "h", 0, false, false, false, [],
            [.. Enumerable.Range(0, RelayBatch.MaxFrames + 1).Select(_ => new RelayFrame(frame, [Guid.NewGuid()]))]);
        Assert.Null(RelayBatch.ReadAll(batch.Write()));
    }

    [Fact]
    public void An_event_carries_several_batches_in_order_and_one_malformed_batch_refuses_the_event()
    {
        var frame = Encoding.UTF8.GetBytes("""{"type":"match.state","payload":{}}""");
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        string Batch(Guid match) => new RelayBatch(match, "h", 0, true, false, false, [], [new RelayFrame(frame, [Guid.NewGuid()])]).Write();

        var read = RelayBatch.ReadAll("[" + Batch(first) + "," + Batch(second) + "]")!;
        Assert.Equal([first, second], read.Select(b => b.MatchId));
        Assert.Equal(frame, read[1].Frames[0].Frame);
        Assert.Null(RelayBatch.ReadAll("[" + Batch(first) + ",{}]"));
        Assert.Null(RelayBatch.ReadAll("[" + string.Join(",", Enumerable.Repeat("{}", RelayBatch.MaxBatchesPerEvent + 1)) + "]"));
    }

    [Fact]
    public void A_command_round_trips_with_its_raw_cid_and_input_and_an_unknown_op_is_refused()
    {
        var input = System.Text.Json.JsonSerializer.SerializeToElement(new { move_x = 1 });
        var command = new RelayCommand(RelayOp.Join, Guid.NewGuid(), Guid.NewGuid(), "node-b", "\"j\"", input);
        var read = RelayCommand.Read(command.Write())!;
        Assert.Equal(command.MatchId, read.MatchId);
        Assert.Equal("\"j\"", read.CidJson);
        Assert.Equal(1, read.Input!.Value.GetProperty("move_x").GetInt32());

        Assert.Null(RelayCommand.Read((command with { Op = "teleport" }).Write()));
        Assert.Null(RelayCommand.Read((command with { From = "" }).Write()));
        Assert.Null(RelayCommand.Read("[1,2]"));
    }
}
