using System.Collections.Generic;

namespace Asobi.Client;

/// <summary>The answer of <c>GET cluster/nodes</c>.</summary>
public sealed record ClusterNodeList(IReadOnlyList<ClusterNode> Nodes);
