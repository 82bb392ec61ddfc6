using Asobi.Bench.Match;
using Asobi.Testing;

// dotnet run -c Release --project bench/Asobi.Bench.Match -- [matchmaker|ticks|migration|relay|all] [--tickets N] [--matches a,b,c] [--trials N] [--relay-matches a,b] [--relay-flush-ms N]
var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
var trials = Option("--trials", 3);
var matchCounts = Array.IndexOf(args, "--matches") is var m and >= 0 && m + 1 < args.Length
    ? args[m + 1].Split(',').Select(int.Parse).ToArray()
    : [500, 1000, 1500, 2000];

Console.WriteLine($"{Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");
if (what is "ticks" or "all")
{
    await TickBench.RunAsync(matchCounts, trials, TimeSpan.FromSeconds(Option("--seconds", 8)));
}

if (what is "matchmaker" or "migration" or "relay" or "all")
{
    await using var pg = await TestPostgres.StartNewAsync();
    if (what is "matchmaker" or "all")
    {
        await MatchmakerBench.RunAsync(pg, Option("--tickets", 10_000), trials);
    }

    if (what is "migration" or "all")
    {
        await MigrationBench.RunAsync(pg, Option("--migrations", 30), trials);
    }

    if (what is "relay" or "all")
    {
        var relayMatches = Array.IndexOf(args, "--relay-matches") is var r and >= 0 && r + 1 < args.Length
            ? args[r + 1].Split(',').Select(int.Parse).ToArray()
            : [100, 1000];
        await RelayBench.RunAsync(pg, relayMatches, trials, TimeSpan.FromSeconds(Option("--seconds", 15)), Option("--relay-flush-ms", -1));
    }
}

return 0;
