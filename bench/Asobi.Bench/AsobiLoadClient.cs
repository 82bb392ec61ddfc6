using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Asobi.Bench;

/// <summary>The <c>--role client</c> process for Asobi: holds sockets and runs what the coordinator asks.</summary>
internal sealed class AsobiLoadClient : IAsyncDisposable
{
    private readonly ClientJob job;
    private readonly TextWriter output;
    private readonly HttpMessageInvoker invoker;
    private readonly List<AsobiSocket> sockets = [];
    private readonly FanoutTally tally = new();
    private readonly CancellationTokenSource receiving = new();
    private readonly List<Task> receiveLoops = [];
    private long errorFrames;

    public AsobiLoadClient(ClientJob job, TextWriter output)
    {
        this.job = job;
        this.output = output;
        var local = job.LocalAddress is { } a ? IPAddress.Parse(a) : null;
        invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            // Several loopback source addresses let one machine open more than ~28k client ports to one server.
            ConnectCallback = async (context, ct) =>
            {
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (local is not null)
                    {
                        s.Bind(new IPEndPoint(local, 0));
                    }

                    await s.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(s, ownsSocket: true);
                }
                catch
                {
                    s.Dispose();
                    throw;
                }
            },
        });
    }

    public static async Task<int> RunAsync(BenchOptions options, TextReader input, TextWriter output)
    {
        var job = ClientJob.FromBase64(options.Job ?? throw new ArgumentException("--role client needs --job"));
        await using var client = new AsobiLoadClient(job, output);
        await client.ConnectAllAsync();
        while (await input.ReadLineAsync() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words)
            {
                case ["stop"]:
                    return 0;
                case ["run", var seconds]:
                    await client.EchoAsync(TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)));
                    break;
                case ["step", var id, var rate, var seconds]:
                    await client.SendStepAsync(int.Parse(id, CultureInfo.InvariantCulture), int.Parse(rate, CultureInfo.InvariantCulture), double.Parse(seconds, CultureInfo.InvariantCulture));
                    break;
                case ["report", var id]:
                    var (count, latency) = client.tally.Take(int.Parse(id, CultureInfo.InvariantCulture));
                    client.Emit(new ClientEvent("result", Count: count, Hist: latency.ToPairs()));
                    break;
                default:
                    client.Emit(new ClientEvent("result", Error: $"unknown command '{line}'"));
                    break;
            }
        }

        return 0;
    }

    private async Task ConnectAllAsync()
    {
        var failed = 0;
        string? firstError = null;
        string? unavailable = null;
        using var gate = new SemaphoreSlim(job.ConnectConcurrency);
        var connected = new AsobiSocket?[job.Sockets];
        await Task.WhenAll(Enumerable.Range(0, job.Sockets).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var s = await AsobiSocket.ConnectAsync(new Uri(job.Urls[i % job.Urls.Length]), job.Tokens[i % job.Tokens.Length], invoker, cts.Token);
                connected[i] = s;
                if (job.Mode is "member" or "sender" && await s.JoinAsync(job.Room, cts.Token) is { } code)
                {
                    unavailable = code == "unknown_type" ? "chat is unavailable in this build (chat.join: unknown_type)" : $"chat.join failed: {code}";
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Interlocked.Increment(ref failed);
                firstError ??= e.Message;
            }
            finally
            {
                gate.Release();
            }
        }));

        sockets.AddRange(connected.OfType<AsobiSocket>());
        if (job.Mode is not "echo")
        {
            // Keep a read pending on every socket: it answers server pings and counts fan-out deliveries.
            foreach (var s in sockets)
            {
                receiveLoops.Add(s.ReceiveLoopAsync(OnFrame, receiving.Token));
            }
        }

        Emit(new ClientEvent("ready", Connected: sockets.Count, Failed: failed, Unavailable: unavailable, Error: firstError));
    }

    private void OnFrame(ReadOnlyMemory<byte> frame)
    {
        // A refused chat.send (rate_limited, too large…) comes back as an error frame: count it, never drop it silently.
        if (frame.Span.StartsWith("{\"type\":\"error\""u8))
        {
            Interlocked.Increment(ref errorFrames);
            return;
        }

        tally.Observe(frame.Span, UnixMicros.Now());
    }

    private async Task EchoAsync(TimeSpan duration)
    {
        var latency = new LatencyHistogram();
        long errors = 0;
        var deadline = Environment.TickCount64 + (long)duration.TotalMilliseconds;
        await Task.WhenAll(sockets.Select(s => Task.Run(async () =>
        {
            var local = new LatencyHistogram();
            long localErrors = 0;
            try
            {
                await s.EchoAsync(deadline, local.Record, () => localErrors++, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                localErrors++;
            }

            lock (latency)
            {
                latency.Add(local);
                errors += localErrors;
            }
        })));
        Emit(new ClientEvent("result", Count: latency.Count, Errors: errors, Hist: latency.ToPairs()));
    }

    /// <summary>Open loop: sends what the schedule says is due every millisecond, without waiting for replies.</summary>
    private async Task SendStepAsync(int step, int rate, double seconds)
    {
        var socket = sockets[0];
        var errorsBefore = Interlocked.Read(ref errorFrames);
        var total = (long)(rate * seconds);
        long sent = 0;
        long errors = 0;
        var clock = Stopwatch.StartNew();
        while (sent < total)
        {
            var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                var content = FanoutTally.Content(step, UnixMicros.Now());
                try
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"chat.send\",\"payload\":{{\"channel_id\":\"{job.Room}\",\"content\":\"{content}\"}}}}"), CancellationToken.None);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    errors++;
                }
            }

            await Task.Delay(1);
        }

        await Task.Delay(200);
        Emit(new ClientEvent("result", Sent: sent - errors, Errors: errors + Interlocked.Read(ref errorFrames) - errorsBefore));
    }

    private void Emit(ClientEvent e)
    {
        lock (output)
        {
            output.WriteLine(JsonSerializer.Serialize(e, Wire.Json));
            output.Flush();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(sockets.Select(s => s.DisposeAsync().AsTask()));
        await receiving.CancelAsync();
        await Task.WhenAll(receiveLoops);
        receiving.Dispose();
        invoker.Dispose();
    }
}
