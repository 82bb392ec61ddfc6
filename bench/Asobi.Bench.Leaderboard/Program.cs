using Asobi.Bench.Leaderboard;

// Usage: dotnet run -c Release --project bench/Asobi.Bench.Leaderboard -- [entries] [trials] [--memory] [--pg] [--path]
// --memory: the rank structure alone; --pg: cache build from PostgreSQL; --path: three nodes, REST → PostgreSQL → caches.
var entries = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1_000_000;
var trials = args.Length > 1 && int.TryParse(args[1], out var t) ? t : 3;
Console.WriteLine($"entries={entries:N0} trials={trials} cores={Environment.ProcessorCount}");
if (args.Contains("--memory"))
{
    MemoryBench.Run(entries, trials);
}

if (args.Contains("--pg"))
{
    await BuildBench.RunAsync(entries, trials);
}

if (args.Contains("--path"))
{
    await WholePathBench.RunAsync(entries, trials);
}

return 0;
