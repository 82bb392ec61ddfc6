using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Tournaments and their runs.</summary>
public sealed class TournamentsApi
{
    private readonly RestTransport rest;

    internal TournamentsApi(RestTransport rest) => this.rest = rest;

    public Task<TournamentList> ListAsync(CancellationToken ct = default) =>
        rest.SendAsync<TournamentList>(HttpMethod.Get, "tournaments", null, ct);

    public Task<TournamentDetails> GetAsync(string tournamentId, CancellationToken ct = default) =>
        rest.SendAsync<TournamentDetails>(HttpMethod.Get, "tournaments/" + Query.Segment(tournamentId), null, ct);

    /// <summary>Enters the current run; any entry fee is debited with it.</summary>
    public Task<TournamentJoined> JoinAsync(string tournamentId, CancellationToken ct = default) =>
        rest.SendAsync<TournamentJoined>(HttpMethod.Post, "tournaments/" + Query.Segment(tournamentId) + "/join", new { }, ct);
}
