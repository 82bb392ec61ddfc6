namespace Asobi.Node.Leaderboards;

/// <summary>Bound from <c>Asobi:Leaderboards</c>: the boards and paging limits.</summary>
public sealed class LeaderboardOptions
{
    public const string Section = "Asobi:Leaderboards";

    /// <summary>Boards by id, e.g. <c>Asobi:Leaderboards:Boards:weekly:Order = desc</c>.</summary>
    public Dictionary<string, BoardOptions> Boards { get; init; } = [];

    public int MaxPageSize { get; set; } = 100;

    public int MaxAroundRange { get; set; } = 50;

    /// <summary>
    /// How often each node re-reads recently changed rows, so an update whose bus event was dropped (full queue)
    /// still arrives within about this long. Zero turns it off.
    /// </summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Boards other features define in code (each tournament has its own).</summary>
    public List<LeaderboardDefinition> Additional { get; } = [];

    public IReadOnlyList<LeaderboardDefinition> Definitions() =>
        [.. Additional, .. Boards.Select(kv => new LeaderboardDefinition(
            kv.Key,
            !string.Equals(kv.Value.Order, "asc", StringComparison.OrdinalIgnoreCase),
            Enum.TryParse<ScoreOperator>(kv.Value.Operator, ignoreCase: true, out var op)
                ? op
                : throw new InvalidOperationException($"Leaderboard '{kv.Key}': unknown operator '{kv.Value.Operator}' (best, latest, incr, decr)."),
            kv.Value.ClientSubmit,
            string.IsNullOrWhiteSpace(kv.Value.ResetSchedule) ? null : CronSchedule.Parse(kv.Value.ResetSchedule)))];
}

public sealed class BoardOptions
{
    /// <summary><c>desc</c> (default: higher is better) or <c>asc</c>.</summary>
    public string Order { get; set; } = "desc";

    /// <summary><c>best</c> (default), <c>latest</c>, <c>incr</c> or <c>decr</c>.</summary>
    public string Operator { get; set; } = "best";

    /// <summary>Whether players may submit their own scores over REST (off: only the server and game modes submit).</summary>
    public bool ClientSubmit { get; set; }

    /// <summary>Cron (UTC, 5 fields or 6 with seconds) of resets; empty: never. Finished periods stay in the table.</summary>
    public string? ResetSchedule { get; set; }
}
