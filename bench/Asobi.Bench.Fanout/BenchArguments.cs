using System.Globalization;

namespace Asobi.Bench.Fanout;

/// <summary>Command line: <c>--members N --trials N --seconds N --rates 30000,100000,…</c> (deliveries per second offered).</summary>
internal sealed record BenchArguments(int Members, int Players, int Trials, TimeSpan Duration, IReadOnlyList<int> Rates)
{
    public static BenchArguments Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var rates = Value("--rates")?.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList() ?? [30_000, 100_000, 150_000];
        return new BenchArguments(Int("--members", 1000), Int("--players", 50), Int("--trials", 3), TimeSpan.FromSeconds(Int("--seconds", 8)), rates);
    }
}
