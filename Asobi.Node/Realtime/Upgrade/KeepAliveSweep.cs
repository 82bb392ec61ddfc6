using Microsoft.Extensions.Options;

namespace Asobi.Node.Realtime.Upgrade;

/// <summary>
/// Keeps idle sockets accepted on the raw connection alive: one timer for the node sends an unsolicited pong to each
/// socket that sent nothing for <see cref="SocketOptions.KeepAliveInterval"/>, where the framework's WebSocket keeps
/// a timer per socket. Zero or a negative interval turns keep-alive off, as it does for the framework's; the sweep
/// still answers pings held back by <see cref="PipeWebSocket.PongSpacingMilliseconds"/>.
/// </summary>
/// <remarks>
/// Pongs are paced: at most <see cref="MaxPongsPerSweep"/> every <see cref="MaxSweepPeriod"/>. Each write holds a
/// block of the connection memory pool until it is sent, and the pool keeps its peak: 19,000 sockets that connected
/// together, answered in one burst, left a node 20 MB larger for minutes. Paced, a socket hears from the node at most
/// a few seconds late.
/// </remarks>
internal sealed class KeepAliveSweep(LocalSockets sockets, IOptions<SocketOptions> options, TimeProvider time) : BackgroundService
{
    internal const int MaxPongsPerSweep = 500;

    internal static readonly TimeSpan MaxSweepPeriod = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.KeepAliveInterval;
        var keepAlive = interval > TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan;
        var idleMilliseconds = keepAlive ? (long)interval.TotalMilliseconds : long.MaxValue;

        // A timer period is at least a millisecond; a shorter interval only makes sense in tests.
        var period = keepAlive
            ? TimeSpan.FromTicks(Math.Clamp((interval / 4).Ticks, TimeSpan.TicksPerMillisecond, MaxSweepPeriod.Ticks))
            : MaxSweepPeriod;
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sweep(Environment.TickCount64, idleMilliseconds);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Sends the pongs due, up to <see cref="MaxPongsPerSweep"/>; returns how many were sent.</summary>
    internal int Sweep(long nowTicks, long idleMilliseconds)
    {
        var sent = 0;
        foreach (var session in sockets.All())
        {
            if (session.Socket is PipeWebSocket socket && socket.KeepAlive(nowTicks, idleMilliseconds) && ++sent == MaxPongsPerSweep)
            {
                break; // the rest are still idle at the next sweep
            }
        }

        return sent;
    }
}
