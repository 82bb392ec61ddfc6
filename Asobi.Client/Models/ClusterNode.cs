using System;

namespace Asobi.Client;

/// <summary>A live node of the cluster; <c>Url</c> is its own WebSocket address.</summary>
public sealed record ClusterNode(string NodeId, string Url, int Players, int Sockets, int Matches, DateTimeOffset StartedAt, DateTimeOffset LastSeen);
