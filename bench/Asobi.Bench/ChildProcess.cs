using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Asobi.Bench;

/// <summary>
/// A process the bench started. Every one is registered so that it is killed (with its children) when the bench
/// ends, fails or is interrupted. Lines on stdout that are JSON events are queued for <see cref="NextEventAsync"/>;
/// everything else, and stderr, goes to a log.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, ChildProcess> Running = new();
    private readonly Process process;
    private readonly Channel<ClientEvent> events = Channel.CreateUnbounded<ClientEvent>();
    private readonly ConcurrentQueue<string> tail = new();
    private readonly ConcurrentQueue<string> all = new();

    private ChildProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Processes started and not yet stopped (zero once a run has cleaned up).</summary>
    public static int RunningCount => Running.Values.Count(c => !c.HasExited);

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The exit code, once <see cref="WaitForExitAsync"/> has returned.</summary>
    public int ExitCode => process.ExitCode;

    public string RecentOutput => string.Join('\n', tail);

    /// <summary>Every non-event stdout line, in order (for tools whose output is the report).</summary>
    public IReadOnlyList<string> AllOutput => [.. all];

    public static ChildProcess Start(string name, string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var child = new ChildProcess(p, name);
        Running[p.Id] = child;
        p.OutputDataReceived += (_, e) => child.OnLine(e.Data, fromStdout: true);
        p.ErrorDataReceived += (_, e) => child.OnLine(e.Data, fromStdout: false);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        p.EnableRaisingEvents = true;
        p.Exited += (_, _) => child.events.Writer.TryComplete();
        return child;
    }

    /// <summary>Kills every process still running; safe to call from exit and Ctrl+C handlers.</summary>
    public static void KillAll()
    {
        foreach (var child in Running.Values)
        {
            child.Kill();
        }
    }

    public async Task SendAsync(string command)
    {
        await process.StandardInput.WriteLineAsync(command);
        await process.StandardInput.FlushAsync();
    }

    /// <summary>The next JSON event, or an error naming the process if it exits or stays silent.</summary>
    public async Task<ClientEvent> NextEventAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await events.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"{Name} sent nothing for {timeout.TotalSeconds:0} s. Recent output:\n{RecentOutput}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{Name} exited ({ExitDescription()}). Recent output:\n{RecentOutput}");
        }
    }

    public ProcessStats Stats() => ProcessStats.Read(process.Id);

    /// <summary>Waits for the process to exit and for its output to be read to the end.</summary>
    public Task WaitForExitAsync(CancellationToken ct) => process.WaitForExitAsync(ct);

    private string ExitDescription() => process.HasExited ? $"code {process.ExitCode}" : "still running";

    private void OnLine(string? line, bool fromStdout)
    {
        if (line is null)
        {
            return;
        }

        if (fromStdout && line.StartsWith("{\"event\"", StringComparison.Ordinal))
        {
            try
            {
                if (JsonSerializer.Deserialize<ClientEvent>(line, Wire.Json) is { } e)
                {
                    events.Writer.TryWrite(e);
                    return;
                }
            }
            catch (JsonException)
            {
            }
        }

        if (fromStdout && all.Count < 10_000)
        {
            all.Enqueue(line);
        }

        tail.Enqueue(line);
        while (tail.Count > 40)
        {
            tail.TryDequeue(out _);
        }
    }

    private void Kill()
    {
        try
        {
            Running.TryRemove(process.Id, out _);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    /// <summary>Asks a load process to stop (closing its sockets), then kills whatever is left.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                await SendAsync("stop");
                process.StandardInput.Close();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(cts.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
        }

        Kill();
        Running.TryRemove(process.Id, out _);
        process.Dispose();
    }

    /// <summary>For servers: no stdin protocol, just terminate.</summary>
    public async Task TerminateAsync()
    {
        Kill();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        Running.TryRemove(process.Id, out _);
        process.Dispose();
    }
}
