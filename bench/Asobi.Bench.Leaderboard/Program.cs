using Asobi.Bench.Leaderboard;

// Usage: dotnet run -c Release --project bench/Asobi.Bench.Leaderboard -- [entries] [trials] [--pg]
var entries = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1_000_000;
var trials = args.Length > 1 && int.TryParse(args[1], out var t) ? t : 3;
Console.WriteLine($"entries={entries:N0} trials={trials} cores={Environment.ProcessorCount}");
MemoryBench.Run(entries, trials);
if (args.Contains("--pg"))
{
    await BuildBench.RunAsync(entries, trials);
}

return 0;
