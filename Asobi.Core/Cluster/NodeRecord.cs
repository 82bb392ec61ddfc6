namespace Asobi.Cluster;

/// <summary>A node as the registry knows it.</summary>
public sealed record NodeRecord(
    string NodeId, string Url, DateTimeOffset StartedAt, DateTimeOffset LastSeen, int Sockets, int Players, int Matches);
