using Asobi.Cluster;
using Asobi.Node.Operator;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Cluster;

/// <summary>Read-only views of the cluster for players and operators.</summary>
public static class ClusterApi
{
    public static RouteGroupBuilder MapClusterApi(this RouteGroupBuilder api)
    {
        var cluster = api.MapGroup("/cluster").RequirePlayerOrOperator();
        cluster.MapGet("/nodes", ListNodesAsync);
        return api;
    }

    private static async Task<IResult> ListNodesAsync(NodeRegistryStore store, IOptions<ClusterOptions> options, CancellationToken ct)
    {
        var nodes = await store.LiveAsync(options.Value.NodeTimeout, ct);
        return Results.Json(new NodeList([.. nodes.Select(n => new NodeView(n.NodeId, n.Url, n.Players, n.Sockets, n.Matches, n.StartedAt, n.LastSeen))]),
            Http.ApiJson.Options);
    }

    private sealed record NodeList(IReadOnlyList<NodeView> Nodes);

    private sealed record NodeView(string NodeId, string Url, int Players, int Sockets, int Matches, DateTimeOffset StartedAt, DateTimeOffset LastSeen);
}
