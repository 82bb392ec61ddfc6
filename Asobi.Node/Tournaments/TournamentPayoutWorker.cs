using Microsoft.Extensions.Options;

namespace Asobi.Node.Tournaments;

/// <summary>
/// Every node checks for finished runs (at each run's end and every <see cref="TournamentOptions.PayoutInterval"/>)
/// and pays them through <see cref="TournamentService.PayAsync"/>, which is safe to run on several nodes at once and
/// again after a crash. Runs known to be paid are remembered so the check stays cheap.
/// </summary>
public sealed partial class TournamentPayoutWorker(
    TournamentService tournaments, IOptions<TournamentOptions> options, TimeProvider clock, ILogger<TournamentPayoutWorker> logger)
    : BackgroundService
{
    private readonly HashSet<(string, DateTimeOffset)> settled = [];

    /// <summary>Pays every finished, unsettled run; returns how many this call paid.</summary>
    public async Task<int> PayFinishedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var paid = 0;
        foreach (var t in tournaments.All)
        {
            foreach (var runEnd in t.FinishedRuns(now - options.Value.PayoutLookback, now))
            {
                if (settled.Contains((t.Id, runEnd)))
                {
                    continue;
                }

                paid += await tournaments.PayAsync(t, runEnd, ct) ? 1 : 0;
                settled.Add((t.Id, runEnd));
            }
        }

        return paid;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PayFinishedAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                LogPayoutFailed(ex);
            }

            var now = clock.GetUtcNow();
            var wait = options.Value.PayoutInterval;
            foreach (var t in tournaments.All)
            {
                if (t.RunAt(now) is { End: var end } && end - now < wait)
                {
                    wait = end - now;
                }
            }

            try
            {
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tournament payout check failed; retrying at the next interval")]
    private partial void LogPayoutFailed(Exception ex);
}
