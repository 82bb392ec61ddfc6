using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Asobi.Cluster;

/// <summary>Who this process is in the cluster: a node id unique among live processes.</summary>
public sealed class NodeIdentity
{
    public NodeIdentity(string nodeId) => NodeId = nodeId;

    public string NodeId { get; }

    /// <summary>
    /// <c>Asobi:Node:Id</c> when set (e.g. a Kubernetes pod name), else a fresh random id: replicas cannot learn
    /// an index of their own, and a restarted process is a new member anyway.
    /// </summary>
    public static NodeIdentity FromConfiguration(IConfiguration configuration, string prefix)
    {
        var configured = configuration["Asobi:Node:Id"];
        return new NodeIdentity(string.IsNullOrWhiteSpace(configured)
            ? $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"
            : configured);
    }
}
