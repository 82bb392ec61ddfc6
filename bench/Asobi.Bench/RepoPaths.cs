namespace Asobi.Bench;

/// <summary>Where the repository, the node binary and the peer live, found from the bench's own location.</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Asobi.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the bench from inside the repository (Asobi.sln not found above the current directory).");
    }

    /// <summary>The node built with the same configuration as the bench (the bench's project reference builds it).</summary>
    public static string NodeDll(string root) => Built(root, "Asobi.Node", "Asobi.Node");

    /// <summary>The cluster bus bench, run by <c>--scenarios bus</c>.</summary>
    public static string BusBenchDll(string root) => Built(root, Path.Combine("bench", "Asobi.Bench.Bus"), "Asobi.Bench.Bus");

    /// <summary>The matchmaker, tick and migration benches, run by <c>--scenarios match</c>.</summary>
    public static string MatchBenchDll(string root) => Built(root, Path.Combine("bench", "Asobi.Bench.Match"), "Asobi.Bench.Match");

    private static string Built(string root, string projectDir, string assembly)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var path = Path.Combine(root, projectDir, "bin", configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing; build the solution with -c {configuration}.");
    }

    public static string Peer(string root) => Path.Combine(root, "bench", "peers", "colyseus");

    /// <summary>The dotnet host running us (set by the SDK for tests), else the one on PATH.</summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    /// <summary>This tool's own assembly, started again with <c>--role client</c> for Asobi load processes.</summary>
    public static string BenchDll()
    {
        // A copy referenced by a test project lacks the runtimeconfig that `dotnet x.dll` needs; use the bench's own build then.
        var self = typeof(RepoPaths).Assembly.Location;
        return File.Exists(Path.ChangeExtension(self, ".runtimeconfig.json"))
            ? self
            : Path.Combine(Root(), "bench", "Asobi.Bench", "bin", Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(self)))!, "net10.0", "Asobi.Bench.dll");
    }
}
