using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Chat history and direct messages over REST (live chat goes over the socket).</summary>
public sealed class ChatApi
{
    private readonly RestTransport rest;

    internal ChatApi(RestTransport rest) => this.rest = rest;

    /// <summary>A page of a channel's history, newest first; <paramref name="before"/> is a message id (exclusive).</summary>
    public Task<ChatHistory> HistoryAsync(string channelId, int? limit = null, string? before = null, CancellationToken ct = default) =>
        rest.SendAsync<ChatHistory>(HttpMethod.Get, Query.Path("chat/" + Query.Segment(channelId) + "/history", ("limit", limit), ("before", before)), null, ct);

    public Task<ChatMessage> SendDirectAsync(Guid recipientId, string content, CancellationToken ct = default) =>
        rest.SendAsync<ChatMessage>(HttpMethod.Post, "dm", new { recipient_id = recipientId, content }, ct);

    public Task<ChatHistory> DirectHistoryAsync(Guid playerId, int? limit = null, string? before = null, CancellationToken ct = default) =>
        rest.SendAsync<ChatHistory>(HttpMethod.Get, Query.Path("dm/" + Query.Segment(playerId) + "/history", ("limit", limit), ("before", before)), null, ct);
}
