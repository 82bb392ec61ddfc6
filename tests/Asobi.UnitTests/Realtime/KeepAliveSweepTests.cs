using System.Buffers;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Asobi.Node;
using Asobi.Node.Realtime;
using Asobi.Node.Realtime.Upgrade;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Realtime;

public sealed class KeepAliveSweepTests
{
    private readonly LocalSockets sockets = new([]);
    private readonly NodeMetrics metrics;

    public KeepAliveSweepTests()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        metrics = new NodeMetrics(meters, sockets);
    }

    [Fact]
    public void Pongs_are_paced_so_sockets_that_connected_together_are_not_answered_in_one_burst()
    {
        var sweep = new KeepAliveSweep(sockets, Options.Create(new SocketOptions()), new FakeTimeProvider());
        var wires = Enumerable.Range(0, KeepAliveSweep.MaxPongsPerSweep + 100).Select(_ => Open()).ToList();
        sockets.Add(new SocketSession(new RecordingWebSocket(), new SocketOptions(), new FakeTimeProvider(), metrics, NullLogger.Instance));

        var later = Environment.TickCount64 + 31_000;
        Assert.Equal(0, sweep.Sweep(Environment.TickCount64, 30_000)); // nobody idle long enough yet
        Assert.Equal(KeepAliveSweep.MaxPongsPerSweep, sweep.Sweep(later, 30_000));
        Assert.Equal(100, sweep.Sweep(later, 30_000)); // the rest, one sweep later
        Assert.Equal(0, sweep.Sweep(later, 30_000));
        Assert.All(wires, wire => Assert.True(wire.TryRead(out var read) && read.Buffer.Length == 2, "one empty pong each"));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public async Task With_keep_alive_off_the_sweep_still_runs_for_held_back_pings(string interval)
    {
        var sweep = new KeepAliveSweep(sockets, Options.Create(new SocketOptions { KeepAliveInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) }), new FakeTimeProvider());
        await sweep.StartAsync(CancellationToken.None);
        await Task.Delay(100);
        Assert.False(sweep.ExecuteTask!.IsCompleted);
        await sweep.StopAsync(CancellationToken.None);
        Assert.True(sweep.ExecuteTask.IsCompleted);
    }

    [Fact]
    public async Task Without_keep_alive_idle_sockets_get_nothing_but_a_held_back_ping_is_answered()
    {
        var sweep = new KeepAliveSweep(sockets, Options.Create(new SocketOptions()), new FakeTimeProvider());
        var idle = Open();
        var toServer = new Pipe();
        var toClient = new Pipe();
        var pinged = new PipeWebSocket(new DuplexPipe(toServer.Reader, toClient.Writer));
        sockets.Add(new SocketSession(pinged, new SocketOptions(), new FakeTimeProvider(), metrics, NullLogger.Instance));
        byte[] pings = [.. FrameTests.ClientFrame(Opcode.Ping, "a"u8), .. FrameTests.ClientFrame(Opcode.Ping, "b"u8), .. FrameTests.ClientFrame(Opcode.Text, "x"u8)];
        await toServer.Writer.WriteAsync(pings);
        await pinged.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None); // answers "a", holds "b" back
        var later = Environment.TickCount64 + 10 * PipeWebSocket.PongSpacingMilliseconds;

        Assert.Equal(1, sweep.Sweep(later, long.MaxValue));
        Assert.False(idle.TryRead(out _));
        Assert.True(toClient.Reader.TryRead(out var read));
        Assert.Equal(new byte[] { 0x8A, 1, (byte)'a', 0x8A, 1, (byte)'b' }, read.Buffer.ToArray());
    }

    [Fact]
    public async Task The_sweep_runs_on_its_timer_until_stopped()
    {
        var time = new FakeTimeProvider();
        var sweep = new KeepAliveSweep(sockets, Options.Create(new SocketOptions { KeepAliveInterval = TimeSpan.FromMilliseconds(1) }), time);
        var wire = Open();
        await sweep.StartAsync(CancellationToken.None);
        var reading = wire.ReadAsync().AsTask();
        for (var i = 0; i < 200 && !reading.IsCompleted; i++)
        {
            // The timer starts on the service's own task: keep the fake clock moving until it has fired.
            await Task.Delay(10);
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var read = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new byte[] { 0x8A, 0x00 }, read.Buffer.ToArray()[..2]);
        await sweep.StopAsync(CancellationToken.None);
        Assert.True(sweep.ExecuteTask!.IsCompleted);
    }

    /// <summary>A session on the node's own WebSocket; returns the pipe the client would read.</summary>
    private PipeReader Open()
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var socket = new PipeWebSocket(new DuplexPipe(toServer.Reader, toClient.Writer));
        sockets.Add(new SocketSession(socket, new SocketOptions(), new FakeTimeProvider(), metrics, NullLogger.Instance));
        return toClient.Reader;
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
