using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Player profiles (<c>players/{id}</c>).</summary>
public sealed class PlayersApi
{
    private readonly RestTransport rest;

    internal PlayersApi(RestTransport rest) => this.rest = rest;

    public Task<PlayerProfile> GetAsync(Guid playerId, CancellationToken ct = default) =>
        rest.SendAsync<PlayerProfile>(HttpMethod.Get, "players/" + Query.Segment(playerId), null, ct);

    /// <summary>Changes the caller's own display name and/or metadata (a JSON object up to 16 KiB).</summary>
    public Task<PlayerProfile> UpdateAsync(Guid playerId, string? displayName = null, object? metadata = null, CancellationToken ct = default) =>
        rest.SendAsync<PlayerProfile>(HttpMethod.Put, "players/" + Query.Segment(playerId), new { display_name = displayName, metadata }, ct);
}
