using System.Diagnostics;

namespace Asobi.Bench;

/// <summary>
/// The peer: a minimal Colyseus 0.18 server (<c>bench/peers/colyseus/server.js</c>) in one Node.js process, driven by
/// <c>load.js</c> with the official client SDK. Several Colyseus processes would need Redis, so the peer runs one node.
/// </summary>
internal sealed class ColyseusTarget(string folder) : IBenchTarget
{
    private ChildProcess? server;
    private string url = string.Empty;

    public string System => "colyseus";

    public int MaxNodes => 1;

    public IReadOnlyList<int> ServerPids => server is null ? [] : [server.Pid];

    /// <summary>Null when the peer can run; else why not (no Node.js, or its packages cannot be installed).</summary>
    public static async Task<string?> PrepareAsync(string folder)
    {
        if (!CanRun("node", "--version"))
        {
            return "node is not installed";
        }

        if (Directory.Exists(Path.Combine(folder, "node_modules", "@colyseus", "core")))
        {
            return null;
        }

        if (!CanRun("npm", "--version"))
        {
            return "npm is not installed";
        }

        var npm = ChildProcess.Start("npm ci", "npm", ["ci", "--no-audit", "--no-fund"], workingDirectory: folder);
        bool exited;
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
        {
            try
            {
                await npm.WaitForExitAsync(limit.Token);
                exited = true;
            }
            catch (OperationCanceledException)
            {
                exited = false;
            }
        }

        var output = npm.RecentOutput;
        await npm.TerminateAsync();
        return exited && Directory.Exists(Path.Combine(folder, "node_modules", "@colyseus", "core")) ? null : "npm ci failed:\n" + output;
    }

    public async Task StartAsync(int nodes, CancellationToken ct)
    {
        if (nodes != 1)
        {
            throw new NotSupportedException("the Colyseus peer runs as one process");
        }

        var port = Ports.Free();
        server = ChildProcess.Start("colyseus server", "node", ["server.js"], new Dictionary<string, string> { ["PORT"] = port.ToString(global::System.Globalization.CultureInfo.InvariantCulture) }, folder);
        await Ports.WaitListeningAsync(port, server, TimeSpan.FromSeconds(60), ct);
        url = $"ws://127.0.0.1:{port}";
    }

    public async Task StopAsync()
    {
        if (server is not null)
        {
            await server.TerminateAsync();
            server = null;
        }
    }

    public ClientJob Job(string mode, int sockets, string room, string? localAddress) =>
        new("colyseus", mode, [url], [], sockets, localAddress, room, ConnectConcurrency: 32);

    public ChildProcess StartClient(ClientJob job, string name) =>
        ChildProcess.Start(name, "node", ["load.js", job.ToBase64()], workingDirectory: folder);

    public ValueTask DisposeAsync() => new(StopAsync());

    private static bool CanRun(string file, string arg)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, arg) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            return p is not null && p.WaitForExit(10_000) && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
