using System.Globalization;

namespace Asobi.Bench;

/// <summary>
/// The command line. Defaults give a complete run of about eight minutes on an idle 2-core machine; <c>--full</c> gives
/// the whole matrix (idle at 1k, 5k, 10k, 19k and 3 × 19k, fan-out on one node and across three, echo for 15 s, idle
/// held 20 s).
/// </summary>
internal sealed record BenchOptions
{
    public string Role { get; init; } = "coordinator";

    public IReadOnlyList<string> Scenarios { get; init; } = ["idle", "echo", "fanout"];

    public IReadOnlyList<string> Systems { get; init; } = ["asobi", "colyseus", "floor"];

    public int Trials { get; init; } = 3;

    /// <summary>Sockets held per idle configuration, all on one node.</summary>
    public IReadOnlyList<int> IdleSockets { get; init; } = [10_000];

    /// <summary>Sockets per node for the cluster idle configuration (0 = skip); Asobi only.</summary>
    public int IdleClusterSocketsPerNode { get; init; }

    public TimeSpan IdleHold { get; init; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<int> EchoClients { get; init; } = [100, 1_000];

    public TimeSpan EchoDuration { get; init; } = TimeSpan.FromSeconds(10);

    public int FanoutMembers { get; init; } = 1_000;

    /// <summary>Messages per second the sender offers, one step each; deliveries/s = rate × members.</summary>
    public IReadOnlyList<int> FanoutRates { get; init; } = [30, 50, 100, 200, 300];

    public TimeSpan FanoutStep { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Also run fan-out with the members spread over three nodes (Asobi only).</summary>
    public bool FanoutCluster { get; init; }

    /// <summary>Most sockets one load process holds; the open-file cap is 20,000 per process.</summary>
    public int SocketsPerClient { get; init; } = 9_000;

    public string OutputDirectory { get; init; } = "docs/benchmarks";

    public string? NodeDll { get; init; }

    /// <summary>Redraw tables and charts from an earlier run's results.json instead of measuring.</summary>
    public string? Replot { get; init; }

    /// <summary>The nodes' garbage collector: <c>server</c> (what Asobi.Node ships with) or <c>workstation</c>.</summary>
    public string NodeGc { get; init; } = "workstation";

    /// <summary>Client role only: the job, as base64 JSON.</summary>
    public string? Job { get; init; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--full")
            {
                o = o with
                {
                    IdleSockets = [1_000, 5_000, 10_000, 19_000],
                    IdleClusterSocketsPerNode = 19_000,
                    FanoutCluster = true,
                    IdleHold = TimeSpan.FromSeconds(20),
                    EchoDuration = TimeSpan.FromSeconds(15),
                    FanoutStep = TimeSpan.FromSeconds(3),
                };
                continue;
            }

            if (name == "--smoke")
            {
                o = o with
                {
                    Trials = 1,
                    IdleSockets = [20],
                    IdleHold = TimeSpan.FromSeconds(1),
                    EchoClients = [5],
                    EchoDuration = TimeSpan.FromSeconds(1),
                    FanoutMembers = 10,
                    FanoutRates = [10, 20],
                    FanoutStep = TimeSpan.FromSeconds(1),
                    SocketsPerClient = 10,
                };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            var value = args[++i];
            o = name switch
            {
                "--role" => o with { Role = OneOf(name, value, "coordinator", "client") },
                "--scenarios" => o with { Scenarios = Words(name, value, "idle", "echo", "fanout", "bus", "match") },
                "--systems" => o with { Systems = Words(name, value, "asobi", "colyseus", "floor") },
                "--trials" => o with { Trials = Positive(name, value) },
                "--idle-sockets" => o with { IdleSockets = Counts(name, value) },
                "--idle-cluster" => o with { IdleClusterSocketsPerNode = NonNegative(name, value) },
                "--idle-hold" => o with { IdleHold = Seconds(name, value) },
                "--echo-clients" => o with { EchoClients = Counts(name, value) },
                "--echo-seconds" => o with { EchoDuration = Seconds(name, value) },
                "--fanout-members" => o with { FanoutMembers = Positive(name, value) },
                "--fanout-rates" => o with { FanoutRates = Counts(name, value) },
                "--fanout-step-seconds" => o with { FanoutStep = Seconds(name, value) },
                "--fanout-cluster" => o with { FanoutCluster = Bool(name, value) },
                "--sockets-per-client" => o with { SocketsPerClient = Between(name, value, 1, 19_000) },
                "--out" => o with { OutputDirectory = value },
                "--node-dll" => o with { NodeDll = value },
                "--replot" => o with { Replot = value },
                "--node-gc" => o with { NodeGc = OneOf(name, value, "server", "workstation") },
                "--job" => o with { Job = value },
                _ => throw new ArgumentException($"unknown option {name} (see docs/benchmarks.md)"),
            };
        }

        return o;
    }

    private static string OneOf(string name, string value, params string[] allowed) =>
        allowed.Contains(value) ? value : throw new ArgumentException($"{name}: expected one of {string.Join(", ", allowed)}, got '{value}'");

    private static string[] Words(string name, string value, params string[] allowed)
    {
        var words = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length == 0
            ? throw new ArgumentException($"{name}: expected at least one of {string.Join(", ", allowed)}")
            : [.. words.Select(w => OneOf(name, w, allowed)).Distinct()];
    }

    private static int[] Counts(string name, string value)
    {
        var parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 0 ? throw new ArgumentException($"{name}: expected a comma-separated list of counts") : [.. parts.Select(p => Positive(name, p))];
    }

    private static int Positive(string name, string value) => Between(name, value, 1, int.MaxValue);

    private static int NonNegative(string name, string value) => Between(name, value, 0, int.MaxValue);

    private static int Between(string name, string value, int min, int max)
    {
        var text = value.Replace("_", string.Empty, StringComparison.Ordinal);
        var multiplier = 1;
        if (text.EndsWith('k') || text.EndsWith('K'))
        {
            multiplier = 1_000;
            text = text[..^1];
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && (long)n * multiplier is var v && v >= min && v <= max
            ? (int)v
            : throw new ArgumentException($"{name}: expected a whole number from {min} to {max}, got '{value}'");
    }

    private static TimeSpan Seconds(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= 3_600
            ? TimeSpan.FromSeconds(s)
            : throw new ArgumentException($"{name}: expected seconds greater than 0 (at most 3600), got '{value}'");

    private static bool Bool(string name, string value) => value switch
    {
        "true" or "on" or "1" => true,
        "false" or "off" or "0" => false,
        _ => throw new ArgumentException($"{name}: expected true or false, got '{value}'"),
    };
}
