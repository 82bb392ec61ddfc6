using System.Globalization;

namespace Asobi.Bench.Bus;

/// <summary>Command line: <c>[--connection CS] [--trials N] [--duration SECONDS] [--rates 1000,5000,20000,100000,max]</c>.</summary>
internal sealed record BenchArguments(string Role, string? Connection, int Trials, TimeSpan Duration, IReadOnlyList<int?> Rates)
{
    /// <summary>A rate of null means saturation: publish as fast as the bus takes events.</summary>
    public static BenchArguments Parse(string[] args)
    {
        var role = "coordinator";
        string? connection = null;
        var trials = 3;
        var duration = TimeSpan.FromSeconds(5);
        IReadOnlyList<int?> rates = [1_000, 5_000, 20_000, 100_000, null];
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--role":
                    role = value;
                    break;
                case "--connection":
                    connection = value;
                    break;
                case "--trials":
                    trials = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--duration":
                    duration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
                    break;
                case "--rates":
                    rates = [.. value.Split(',').Select(r => r == "max" ? (int?)null : int.Parse(r, CultureInfo.InvariantCulture))];
                    break;
                default:
                    throw new ArgumentException($"unknown argument {args[i]}");
            }

            i++;
        }

        return new BenchArguments(role, connection, trials, duration, rates);
    }
}
