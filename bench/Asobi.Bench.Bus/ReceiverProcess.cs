using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Asobi.Bench.Bus;

/// <summary>This program started again with <c>--role receiver</c>, driven over its stdin and stdout.</summary>
internal sealed class ReceiverProcess : IDisposable
{
    private readonly Process process;

    private ReceiverProcess(Process process) => this.process = process;

    public static async Task<ReceiverProcess> StartAsync(string connectionString)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var psi = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var a in new[] { "--role", "receiver", "--connection", connectionString })
        {
            psi.ArgumentList.Add(a);
        }

        var receiver = new ReceiverProcess(Process.Start(psi) ?? throw new InvalidOperationException("receiver did not start"));
        await receiver.ExpectAsync("READY");
        return receiver;
    }

    public int Id => process.Id;

    public async Task BeginAsync(string topic)
    {
        await SendAsync($"BEGIN {topic}");
        await ExpectAsync("OK");
    }

    public async Task<ReceiverResult> EndAsync(long expected)
    {
        await SendAsync(string.Create(CultureInfo.InvariantCulture, $"END {expected}"));
        var line = await ReadAsync();
        var v = line.Split(' ').Skip(1).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return new ReceiverResult(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }

    public void Dispose()
    {
        try
        {
            process.StandardInput.WriteLine("QUIT");
            process.StandardInput.Flush();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
            }
        }
        catch (IOException)
        {
        }

        process.Dispose();
    }

    private async Task SendAsync(string line)
    {
        await process.StandardInput.WriteLineAsync(line);
        await process.StandardInput.FlushAsync();
    }

    private async Task<string> ReadAsync() =>
        await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the receiver exited");

    private async Task ExpectAsync(string expected)
    {
        var line = await ReadAsync();
        if (!line.StartsWith(expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"receiver said '{line}', expected '{expected}'");
        }
    }
}

/// <summary>What the receiver saw in one trial (times in Unix microseconds, latencies in microseconds).</summary>
internal sealed record ReceiverResult(long Count, long FirstAt, long LastAt, long P50, long P99, long Max, long OutOfOrder);
