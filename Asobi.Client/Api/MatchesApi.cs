using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Match records and the live matches of the cluster.</summary>
public sealed class MatchesApi
{
    private readonly RestTransport rest;

    internal MatchesApi(RestTransport rest) => this.rest = rest;

    /// <summary>Ended matches, newest first; <paramref name="mine"/> limits them to the caller.</summary>
    public Task<MatchRecordList> ListFinishedAsync(bool? mine = null, int? limit = null, CancellationToken ct = default) =>
        rest.SendAsync<MatchRecordList>(HttpMethod.Get, Query.Path("matches", ("mine", mine), ("limit", limit)), null, ct);

    public Task<LiveMatchList> ListLiveAsync(string? mode = null, bool? hasCapacity = null, CancellationToken ct = default) =>
        rest.SendAsync<LiveMatchList>(HttpMethod.Get, Query.Path("matches/live", ("mode", mode), ("has_capacity", hasCapacity)), null, ct);

    public Task<MatchRecord> GetAsync(Guid matchId, CancellationToken ct = default) =>
        rest.SendAsync<MatchRecord>(HttpMethod.Get, "matches/" + Query.Segment(matchId), null, ct);
}
