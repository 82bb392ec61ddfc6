using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Matchmaker tickets over REST and the modes on offer. Tickets queued over REST are told of their match on the socket.</summary>
public sealed class MatchmakerApi
{
    private readonly RestTransport rest;

    internal MatchmakerApi(RestTransport rest) => this.rest = rest;

    /// <summary>Queues for <paramref name="mode"/>; <paramref name="properties"/> is an object of numbers/strings (e.g. <c>skill</c>).</summary>
    public Task<MatchmakerTicket> AddAsync(string mode, object? properties = null, string? partyId = null, CancellationToken ct = default) =>
        rest.SendAsync<MatchmakerTicket>(HttpMethod.Post, "matchmaker", new { mode, properties, party_id = partyId }, ct);

    public Task<MatchmakerTicketList> ListAsync(CancellationToken ct = default) =>
        rest.SendAsync<MatchmakerTicketList>(HttpMethod.Get, "matchmaker", null, ct);

    public Task<MatchmakerTicketDetails> GetAsync(Guid ticketId, CancellationToken ct = default) =>
        rest.SendAsync<MatchmakerTicketDetails>(HttpMethod.Get, "matchmaker/" + Query.Segment(ticketId), null, ct);

    public Task RemoveAsync(Guid ticketId, CancellationToken ct = default) =>
        rest.SendAsync(HttpMethod.Delete, "matchmaker/" + Query.Segment(ticketId), null, ct);

    /// <summary>The modes players can queue for (public: needs no sign-in).</summary>
    public Task<GameModeList> ModesAsync(CancellationToken ct = default) =>
        rest.SendAnonymousAsync<GameModeList>(HttpMethod.Get, "modes", null, ct);
}
