using System.Globalization;

namespace Asobi.Bench;

/// <summary>CPU time and resident memory of a process, read from <c>/proc</c> (Linux).</summary>
internal readonly record struct ProcessStats(double CpuSeconds, long RssBytes)
{
    /// <summary>USER_HZ: the unit of utime/stime in /proc/[pid]/stat; 100 on every Linux build we run on.</summary>
    private const double TicksPerSecond = 100.0;

    public static ProcessStats Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var status = File.ReadAllText($"/proc/{pid}/status");
        return new ProcessStats(ParseCpuSeconds(stat), ParseRssBytes(status));
    }

    /// <summary>Total of several processes (the nodes of a cluster).</summary>
    public static ProcessStats Read(IEnumerable<int> pids) =>
        pids.Select(Read).Aggregate(new ProcessStats(0, 0), (a, b) => new ProcessStats(a.CpuSeconds + b.CpuSeconds, a.RssBytes + b.RssBytes));

    /// <summary>utime + stime: fields 14 and 15, counted after the parenthesised command name (which may hold spaces).</summary>
    public static double ParseCpuSeconds(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            throw new FormatException("not a /proc/[pid]/stat line");
        }

        var fields = stat[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // fields[0] is field 3 (state), so field n is fields[n - 3].
        if (fields.Length < 13)
        {
            throw new FormatException("a /proc/[pid]/stat line with too few fields");
        }

        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }

    public static long ParseRssBytes(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var parts = line[6..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new FormatException("no VmRSS line in /proc/[pid]/status");
    }

    /// <summary>Busy and total jiffies of the whole machine, from the first line of /proc/stat.</summary>
    public static (long Busy, long Total) ReadMachine() => ParseMachine(File.ReadLines("/proc/stat").First());

    public static (long Busy, long Total) ParseMachine(string cpuLine)
    {
        var v = cpuLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var total = v.Sum();
        var idle = v[3] + (v.Length > 4 ? v[4] : 0);
        return (total - idle, total);
    }
}
