using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Leaderboards (boards come from server configuration).</summary>
public sealed class LeaderboardsApi
{
    private readonly RestTransport rest;

    internal LeaderboardsApi(RestTransport rest) => this.rest = rest;

    public Task<LeaderboardPage> TopAsync(string leaderboardId, int? limit = null, int? offset = null, CancellationToken ct = default) =>
        rest.SendAsync<LeaderboardPage>(HttpMethod.Get, Query.Path("leaderboards/" + Query.Segment(leaderboardId), ("limit", limit), ("offset", offset)), null, ct);

    /// <summary>Submits a score (boards that allow client submits only); answers the entry of the caller after the operator of the board.</summary>
    public Task<LeaderboardEntry> SubmitAsync(string leaderboardId, long score, CancellationToken ct = default) =>
        rest.SendAsync<LeaderboardEntry>(HttpMethod.Post, "leaderboards/" + Query.Segment(leaderboardId), new { score }, ct);

    public Task<LeaderboardAround> AroundAsync(string leaderboardId, Guid playerId, int? range = null, CancellationToken ct = default) =>
        rest.SendAsync<LeaderboardAround>(HttpMethod.Get, Query.Path("leaderboards/" + Query.Segment(leaderboardId) + "/around/" + Query.Segment(playerId), ("range", range)), null, ct);

    /// <summary>The entry of the caller; <c>leaderboard.no_entry</c> (404) without a score.</summary>
    public Task<LeaderboardEntry> MeAsync(string leaderboardId, CancellationToken ct = default) =>
        rest.SendAsync<LeaderboardEntry>(HttpMethod.Get, "leaderboards/" + Query.Segment(leaderboardId) + "/me", null, ct);
}
