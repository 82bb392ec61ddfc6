using System.Buffers;
using Asobi.Node.Realtime;
using Asobi.Node.Realtime.Upgrade;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Realtime;

public sealed class KeepAliveSweepTests
{
    private readonly TestSockets sockets = new();

    [Fact]
    public void Pongs_are_paced_so_sockets_that_connected_together_are_not_answered_in_one_burst()
    {
        var sweep = Sweep(new SocketOptions(), new FakeTimeProvider());
        var wires = Enumerable.Range(0, KeepAliveSweep.MaxPongsPerSweep + 100).Select(_ => Open()).ToList();
        sockets.Open(); // a session on the framework's WebSocket: not the sweep's to keep alive

        var later = Environment.TickCount64 + 31_000;
        Assert.Equal(0, sweep.Sweep(Environment.TickCount64, 30_000)); // nobody idle long enough yet
        Assert.Equal(KeepAliveSweep.MaxPongsPerSweep, sweep.Sweep(later, 30_000));
        Assert.Equal(100, sweep.Sweep(later, 30_000)); // the rest, one sweep later
        Assert.Equal(0, sweep.Sweep(later, 30_000));
        Assert.All(wires, wire => Assert.True(wire.ToClient.Reader.TryRead(out var read) && read.Buffer.Length == 2, "one empty pong each"));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public async Task With_keep_alive_off_the_sweep_still_runs_for_held_back_pings(string interval)
    {
        var sweep = Sweep(new SocketOptions { KeepAliveInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) }, new FakeTimeProvider());
        await sweep.StartAsync(CancellationToken.None);
        await Task.Delay(100);
        Assert.False(sweep.ExecuteTask!.IsCompleted);
        await sweep.StopAsync(CancellationToken.None);
        Assert.True(sweep.ExecuteTask.IsCompleted);
    }

    [Fact]
    public async Task Without_keep_alive_idle_sockets_get_nothing_but_a_held_back_ping_is_answered()
    {
        var sweep = Sweep(new SocketOptions(), new FakeTimeProvider());
        var idle = Open();
        var pinged = Open();
        await pinged.ClientSendsAsync([.. FrameTests.ClientFrame(Opcode.Ping, "a"u8), .. FrameTests.ClientFrame(Opcode.Ping, "b"u8), .. FrameTests.ClientFrame(Opcode.Text, "x"u8)]);
        await pinged.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None); // answers "a", holds "b" back
        var later = Environment.TickCount64 + 10 * PipeWebSocket.PongSpacingMilliseconds;

        Assert.Equal(1, sweep.Sweep(later, long.MaxValue));
        Assert.False(idle.ServerWroteMore());
        Assert.True(pinged.ToClient.Reader.TryRead(out var read));
        Assert.Equal(new byte[] { 0x8A, 1, (byte)'a', 0x8A, 1, (byte)'b' }, read.Buffer.ToArray());
    }

    [Fact]
    public async Task The_sweep_runs_on_its_timer_until_stopped()
    {
        var time = new FakeTimeProvider();
        var sweep = Sweep(new SocketOptions { KeepAliveInterval = TimeSpan.FromMilliseconds(1) }, time);
        var wire = Open();
        await sweep.StartAsync(CancellationToken.None);
        var reading = wire.ToClient.Reader.ReadAsync().AsTask();
        for (var i = 0; i < 200 && !reading.IsCompleted; i++)
        {
            // The timer starts on the service's own task: keep the fake clock moving until it has fired.
            await Task.Delay(10);
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var read = await reading.WaitAsync(PipeWire.Wait);
        Assert.Equal(new byte[] { 0x8A, 0x00 }, read.Buffer.ToArray()[..2]);
        await sweep.StopAsync(CancellationToken.None);
        Assert.True(sweep.ExecuteTask!.IsCompleted);
    }

    private KeepAliveSweep Sweep(SocketOptions options, TimeProvider time) => new(sockets.Sockets, Options.Create(options), time);

    /// <summary>A session on the node's own WebSocket.</summary>
    private PipeWire Open()
    {
        var wire = new PipeWire();
        sockets.Open(wire.Socket);
        return wire;
    }
}
