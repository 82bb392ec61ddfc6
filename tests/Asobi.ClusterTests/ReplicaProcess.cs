using System.Globalization;

namespace Asobi.ClusterTests;

/// <summary>Finds a replica's operating-system process, for tests that SIGKILL one.</summary>
public static class ReplicaProcess
{
    /// <summary>The process id of the replica: the one with a socket listening on the replica's port.</summary>
    public static int Of(Replica replica)
    {
        var inodes = ListeningInodes(replica.Url.Port);
        if (inodes.Count == 0)
        {
            throw new InvalidOperationException($"Nothing listens on port {replica.Url.Port} ({replica.ResourceId}).");
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal)
                        && inodes.Contains(target[8..^1]))
                    {
                        return pid;
                    }
                }
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                // A process that exited meanwhile, or one we may not inspect.
            }
        }

        throw new InvalidOperationException($"No process listens on port {replica.Url.Port} ({replica.ResourceId}).");
    }

    /// <summary>Socket inodes in LISTEN state (0A) on the port, from /proc/net/tcp and tcp6.</summary>
    private static HashSet<string> ListeningInodes(int port)
    {
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (cols.Length > 9 && cols[1].EndsWith(hexPort, StringComparison.Ordinal) && cols[3] == "0A")
                {
                    inodes.Add(cols[9]);
                }
            }
        }

        return inodes;
    }
}
