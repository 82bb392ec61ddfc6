namespace Asobi.Bench;

/// <summary>
/// Several load processes holding one configuration's sockets between them; each binds its own loopback source
/// address (127.0.0.2, .3, …) so the client ports of one address never run out.
/// </summary>
internal sealed class LoadGroup : IAsyncDisposable
{
    private readonly List<ChildProcess> processes;

    private LoadGroup(List<ChildProcess> processes) => this.processes = processes;

    public int Connected { get; private set; }

    public int Failed { get; private set; }

    public string? Unavailable { get; private set; }

    public string? FirstError { get; private set; }

    public IReadOnlyList<int> Pids => [.. processes.Select(p => p.Pid)];

    /// <summary>Splits <paramref name="sockets"/> over at least <paramref name="minProcesses"/> processes of at most <paramref name="perProcess"/>.</summary>
    public static IReadOnlyList<int> Split(int sockets, int perProcess, int minProcesses)
    {
        var count = Math.Max(Math.Min(minProcesses, sockets), (sockets + perProcess - 1) / perProcess);
        return [.. Enumerable.Range(0, count).Select(i => (sockets / count) + (i < sockets % count ? 1 : 0))];
    }

    public static async Task<LoadGroup> StartAsync(IBenchTarget target, string mode, int sockets, string room, int perProcess, int minProcesses, int addressBase)
    {
        var shares = Split(sockets, perProcess, minProcesses);
        var processes = new List<ChildProcess>();
        var group = new LoadGroup(processes);
        try
        {
            for (var i = 0; i < shares.Count; i++)
            {
                var job = target.Job(mode, shares[i], room, $"127.0.0.{addressBase + i}");
                processes.Add(target.StartClient(job, $"{target.System} {mode} load {i}"));
            }

            var timeout = TimeSpan.FromSeconds(60 + (sockets / 100.0));
            foreach (var p in processes)
            {
                var ready = await p.NextEventAsync(timeout);
                group.Connected += ready.Connected;
                group.Failed += ready.Failed;
                group.Unavailable ??= ready.Unavailable;
                group.FirstError ??= ready.Error;
            }

            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a command to every process and returns each one's result.</summary>
    public async Task<ClientEvent[]> AllAsync(string command, TimeSpan timeout)
    {
        foreach (var p in processes)
        {
            await p.SendAsync(command);
        }

        return await Task.WhenAll(processes.Select(p => p.NextEventAsync(timeout)));
    }

    public double CpuSeconds() => processes.Sum(p => p.HasExited ? 0 : p.Stats().CpuSeconds);

    public double MaxProcessCpuSeconds(IReadOnlyDictionary<int, double> before) =>
        processes.Max(p => (p.HasExited ? 0 : p.Stats().CpuSeconds) - before.GetValueOrDefault(p.Pid));

    public Dictionary<int, double> CpuByProcess() => processes.ToDictionary(p => p.Pid, p => p.HasExited ? 0 : p.Stats().CpuSeconds);

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(processes.Select(p => p.DisposeAsync().AsTask()));
    }
}
