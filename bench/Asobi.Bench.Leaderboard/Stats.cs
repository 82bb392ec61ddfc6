namespace Asobi.Bench.Leaderboard;

/// <summary>Collects one figure per trial and prints the median and the range.</summary>
internal sealed class Stats(string name, string unit)
{
    private readonly List<double> values = [];

    public void Add(double value) => values.Add(value);

    public void Print()
    {
        var sorted = values.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        Console.WriteLine($"{name,-44} median {median,12:N2} {unit,-8} range {sorted[0]:N2} – {sorted[^1]:N2}");
    }
}
