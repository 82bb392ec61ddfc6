using Asobi.Node.Economy;
using Asobi.Node.Leaderboards;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Tournaments;

/// <summary>Tournaments: listing, joining (entry fee in the join's transaction), server-side scores, paying finished runs.</summary>
public sealed partial class TournamentService(
    TournamentStore store,
    LeaderboardService leaderboards,
    EconomyService economy,
    IOptions<TournamentOptions> options,
    TimeProvider clock,
    ILogger<TournamentService> logger)
{
    private readonly IReadOnlyDictionary<string, TournamentDefinition> tournaments =
        options.Value.Tournaments.ToDictionary(kv => kv.Key, kv => new TournamentDefinition(kv.Key, kv.Value), StringComparer.Ordinal);

    public IEnumerable<TournamentDefinition> All => tournaments.Values.OrderBy(t => t.Id, StringComparer.Ordinal);

    public DateTimeOffset Now => clock.GetUtcNow();

    public TournamentDefinition? Find(string id) => tournaments.GetValueOrDefault(id);

    public LeaderboardCache? Standings(TournamentDefinition t) => leaderboards.Find(t.Board.Id);

    public Task<int> EntriesAsync(TournamentDefinition t, DateTimeOffset runEnd, CancellationToken ct) => store.EntriesAsync(t.Id, runEnd, ct);

    public Task<bool> IsEnteredAsync(TournamentDefinition t, DateTimeOffset runEnd, Guid player, CancellationToken ct) =>
        store.IsEnteredAsync(t.Id, runEnd, player, ct);

    public async Task<JoinOutcome> JoinAsync(string id, Guid player, CancellationToken ct)
    {
        if (Find(id) is not { } t)
        {
            return JoinOutcome.NotFound;
        }

        var now = clock.GetUtcNow();
        return t.RunAt(now) switch
        {
            null => JoinOutcome.Over,
            { Start: var s } when now < s => JoinOutcome.NotStarted,
            { End: var e } => await store.JoinAsync(t, e, player, ct),
        };
    }

    /// <summary>A score from the server (a game mode) for an entered player during a run; false when not entered or not running.</summary>
    public async Task<SubmitResult?> SubmitAsync(string id, Guid player, long score, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (Find(id) is not { } t || t.RunAt(now) is not { } run || now < run.Start || !await store.IsEnteredAsync(id, run.End, player, ct))
        {
            return null;
        }

        return await leaderboards.SubmitAsync(t.Board.Id, player, score, fromClient: false, ct);
    }

    /// <summary>
    /// Pays a finished run: freezes its winners once, grants each reward under a key naming the run, rank and player
    /// (so a repeat — another node, a restart mid-way — pays nobody twice), then marks the run paid.
    /// </summary>
    public async Task<bool> PayAsync(TournamentDefinition t, DateTimeOffset runEnd, CancellationToken ct)
    {
        var winners = await store.ClaimAsync(t, runEnd, ct);
        if (winners is null)
        {
            return false;
        }

        foreach (var (player, rank) in winners)
        {
            foreach (var reward in t.Rewards.Where(r => rank >= r.FromRank && rank <= r.ToRank))
            {
                var reference = $"{t.Id}@{runEnd.ToUnixTimeMilliseconds()}";
                await economy.GrantAsync(player, reward.Currency, reward.Amount, "tournament_reward", reference,
                    $"tournament:{reference}:{rank}:{reward.Currency}", ct);
            }
        }

        await store.MarkPaidAsync(t.Id, runEnd, ct);
        LogPaid(t.Id, runEnd, winners.Count);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tournament {Tournament} run ending {RunEnd} paid to {Winners} winners")]
    private partial void LogPaid(string tournament, DateTimeOffset runEnd, int winners);
}
