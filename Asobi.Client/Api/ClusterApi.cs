using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Read-only views of the cluster.</summary>
public sealed class ClusterApi
{
    private readonly RestTransport rest;

    internal ClusterApi(RestTransport rest) => this.rest = rest;

    public Task<ClusterNodeList> NodesAsync(CancellationToken ct = default) =>
        rest.SendAsync<ClusterNodeList>(HttpMethod.Get, "cluster/nodes", null, ct);
}
