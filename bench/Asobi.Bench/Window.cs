using System.Diagnostics;

namespace Asobi.Bench;

/// <summary>
/// A measured interval: server CPU and RSS, the load processes' CPU and the whole machine's busy share, so that a
/// saturated load client (or a machine busy with other work) is reported as such.
/// </summary>
internal sealed class Window
{
    /// <summary>A load process above this share of one core is likely the bottleneck, not the server.</summary>
    public const double SaturatedCores = 0.9;

    private readonly IBenchTarget target;
    private readonly LoadGroup[] loads;
    private readonly ProcessStats server;
    private readonly Dictionary<int, double>[] loadCpu;
    private readonly (long Busy, long Total) machine;
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public Window(IBenchTarget target, params LoadGroup[] loads)
    {
        this.target = target;
        this.loads = loads;
        server = ProcessStats.Read(target.ServerPids);
        loadCpu = [.. loads.Select(l => l.CpuByProcess())];
        machine = ProcessStats.ReadMachine();
    }

    public ProcessStats ServerBefore => server;

    public Measured End()
    {
        var seconds = clock.Elapsed.TotalSeconds;
        var after = ProcessStats.Read(target.ServerPids);
        var loadTotal = loads.Select((l, i) => l.CpuSeconds() - loadCpu[i].Values.Sum()).Sum();
        var loadMax = loads.Select((l, i) => l.MaxProcessCpuSeconds(loadCpu[i])).DefaultIfEmpty(0).Max();
        var m = ProcessStats.ReadMachine();
        var busy = m.Total == machine.Total ? 0 : 100.0 * (m.Busy - machine.Busy) / (m.Total - machine.Total);
        var flags = new List<string>();
        if (loadMax / seconds >= SaturatedCores)
        {
            flags.Add($"load client saturated ({loadMax / seconds:0.00} cores in one load process)");
        }

        if (busy >= 95)
        {
            flags.Add($"machine saturated ({busy:0} % busy)");
        }

        return new Measured(seconds, after.CpuSeconds - server.CpuSeconds, server.RssBytes, after.RssBytes, loadTotal / seconds, busy, flags);
    }
}

internal sealed record Measured(double Seconds, double ServerCpuSeconds, long RssBefore, long RssAfter, double LoadCores, double MachineBusyPercent, List<string> Flags);
