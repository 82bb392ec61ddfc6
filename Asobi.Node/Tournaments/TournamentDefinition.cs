using Asobi.Node.Leaderboards;

namespace Asobi.Node.Tournaments;

/// <summary>One configured tournament: its runs in time, entry rules and rewards. Each run is named by its end.</summary>
public sealed class TournamentDefinition : IPeriodSchedule
{
    private readonly DateTimeOffset? start;
    private readonly DateTimeOffset? end;
    private readonly CronSchedule? recurrence;
    private readonly TimeSpan duration;

    public TournamentDefinition(string id, TournamentConfig c)
    {
        Id = id;
        Title = string.IsNullOrWhiteSpace(c.Title) ? id : c.Title;
        MaxEntries = c.MaxEntries;
        EntryFeeCurrency = c.EntryFeeCurrency;
        EntryFee = c.EntryFee;
        Rewards = [.. c.Rewards.Select(r => new Reward(r.FromRank, r.ToRank == 0 ? r.FromRank : r.ToRank, r.Currency, r.Amount))];
        if (c.Recurrence is { Length: > 0 } cron)
        {
            recurrence = CronSchedule.Parse(cron);
            duration = c.Duration is { } d && d > TimeSpan.Zero
                ? d
                : throw new InvalidOperationException($"Tournament '{id}': a recurring tournament needs a positive Duration.");
        }
        else if (c.Start is { } s && c.End is { } e && e > s)
        {
            (start, end) = (s, e);
        }
        else
        {
            throw new InvalidOperationException($"Tournament '{id}': needs Start < End, or Recurrence with Duration.");
        }

        if (EntryFee < 0 || (EntryFee > 0 && string.IsNullOrWhiteSpace(EntryFeeCurrency))
            || Rewards.Any(r => r.FromRank < 1 || r.ToRank < r.FromRank || r.Amount <= 0 || string.IsNullOrWhiteSpace(r.Currency)))
        {
            throw new InvalidOperationException($"Tournament '{id}': bad entry fee or rewards (ranks from 1, amounts > 0, a currency).");
        }

        Board = new LeaderboardDefinition(BoardId(id), !string.Equals(c.Order, "asc", StringComparison.OrdinalIgnoreCase),
            Enum.TryParse<ScoreOperator>(c.Operator, true, out var op) ? op : throw new InvalidOperationException($"Tournament '{id}': unknown operator."),
            ClientSubmit: false, Reset: this);
    }

    public string Id { get; }

    public string Title { get; }

    public int MaxEntries { get; }

    public string? EntryFeeCurrency { get; }

    public long EntryFee { get; }

    public IReadOnlyList<Reward> Rewards { get; }

    /// <summary>The tournament's own leaderboard; its periods are the runs.</summary>
    public LeaderboardDefinition Board { get; }

    public int PaidRanks => Rewards.Count == 0 ? 0 : Rewards.Max(r => r.ToRank);

    public static string BoardId(string tournamentId) => "tournament:" + tournamentId;

    /// <summary>The run in progress at <paramref name="now"/>, or else the next one; null when a one-off is over.</summary>
    public (DateTimeOffset Start, DateTimeOffset End)? RunAt(DateTimeOffset now)
    {
        if (recurrence is null)
        {
            return now < end ? (start!.Value, end!.Value) : null;
        }

        // The first start after now − duration is either running now or the next to come.
        var s = recurrence.Next(now - duration);
        return (s, s + duration);
    }

    /// <summary>Ends of runs finished within (<paramref name="from"/>, <paramref name="now"/>], oldest first.</summary>
    public IEnumerable<DateTimeOffset> FinishedRuns(DateTimeOffset from, DateTimeOffset now, int max = 100)
    {
        if (recurrence is null)
        {
            if (end <= now)
            {
                yield return end!.Value;
            }

            yield break;
        }

        var runs = new Queue<DateTimeOffset>();
        for (var s = recurrence.Next(from - duration); s + duration <= now; s = recurrence.Next(s))
        {
            runs.Enqueue(s + duration);
            if (runs.Count > max)
            {
                runs.Dequeue();
            }
        }

        foreach (var r in runs)
        {
            yield return r;
        }
    }

    /// <summary>Scores go to the current (or next) run; after a one-off ends, to a period nobody reads.</summary>
    public DateTimeOffset PeriodEndAt(DateTimeOffset now) => RunAt(now)?.End ?? LeaderboardDefinition.Forever;

    public string StatusAt(DateTimeOffset now) => RunAt(now) switch
    {
        null => "finished",
        { Start: var s } when now < s => "upcoming",
        _ => "active",
    };
}

public sealed record Reward(int FromRank, int ToRank, string Currency, long Amount);
