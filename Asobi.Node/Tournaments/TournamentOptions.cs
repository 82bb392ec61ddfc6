namespace Asobi.Node.Tournaments;

/// <summary>Bound from <c>Asobi:Tournaments</c>: tournaments by id.</summary>
public sealed class TournamentOptions
{
    public const string Section = "Asobi:Tournaments";

    public Dictionary<string, TournamentConfig> Tournaments { get; init; } = [];

    /// <summary>How far back a node looks for finished runs of a recurring tournament that still need paying.</summary>
    public TimeSpan PayoutLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often each node checks for finished runs to pay (a run is also checked at its end instant).</summary>
    public TimeSpan PayoutInterval { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class TournamentConfig
{
    public string Title { get; set; } = "";

    /// <summary>One-off tournaments: the start and end instants.</summary>
    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    /// <summary>Recurring tournaments: a cron of run starts (UTC) and how long each run lasts (at most the gap between starts).</summary>
    public string? Recurrence { get; set; }

    public TimeSpan? Duration { get; set; }

    /// <summary>desc (default) or asc.</summary>
    public string Order { get; set; } = "desc";

    /// <summary>best (default), latest, incr or decr.</summary>
    public string Operator { get; set; } = "best";

    /// <summary>0: unlimited.</summary>
    public int MaxEntries { get; set; }

    public string? EntryFeeCurrency { get; set; }

    public long EntryFee { get; set; }

    public List<RewardConfig> Rewards { get; init; } = [];
}

/// <summary>Ranks <see cref="FromRank"/>..<see cref="ToRank"/> each receive <see cref="Amount"/> of <see cref="Currency"/>.</summary>
public sealed class RewardConfig
{
    public int FromRank { get; set; } = 1;

    public int ToRank { get; set; }

    public string Currency { get; set; } = "";

    public long Amount { get; set; }
}
