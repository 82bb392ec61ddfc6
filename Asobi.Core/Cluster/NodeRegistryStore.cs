using Npgsql;

namespace Asobi.Cluster;

/// <summary>SQL of <c>cluster_nodes</c>: each node's heartbeat row.</summary>
public sealed class NodeRegistryStore(NpgsqlDataSource db)
{
    private const string UpsertSql = """
        INSERT INTO cluster_nodes (node_id, url, started_at, last_seen, sockets, players, matches)
        VALUES ($1, $2, $3, now(), $4, $5, $6)
        ON CONFLICT (node_id) DO UPDATE
        SET url = excluded.url, last_seen = now(), sockets = excluded.sockets, players = excluded.players, matches = excluded.matches
        """;
    private const string RemoveSql = "DELETE FROM cluster_nodes WHERE node_id = $1";
    private const string LiveSql = """
        SELECT node_id, url, started_at, last_seen, sockets, players, matches
        FROM cluster_nodes WHERE last_seen > now() - $1
        ORDER BY started_at, node_id
        """;
    private const string PruneSql = "DELETE FROM cluster_nodes WHERE last_seen < now() - $1";

    public async Task UpsertAsync(NodeRecord node, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(UpsertSql);
        cmd.Parameters.Add(new() { Value = node.NodeId });
        cmd.Parameters.Add(new() { Value = node.Url });
        cmd.Parameters.Add(new() { Value = node.StartedAt });
        cmd.Parameters.Add(new() { Value = node.Sockets });
        cmd.Parameters.Add(new() { Value = node.Players });
        cmd.Parameters.Add(new() { Value = node.Matches });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task RemoveAsync(string nodeId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(RemoveSql);
        cmd.Parameters.Add(new() { Value = nodeId });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Nodes whose heartbeat is younger than <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<NodeRecord>> LiveAsync(TimeSpan timeout, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(LiveSql);
        cmd.Parameters.Add(new() { Value = timeout });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var nodes = new List<NodeRecord>();
        while (await reader.ReadAsync(ct))
        {
            nodes.Add(new NodeRecord(
                reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6)));
        }

        return nodes;
    }

    /// <summary>Deletes rows of nodes dead for longer than <paramref name="age"/> (housekeeping; the live query ignores them anyway).</summary>
    public async Task PruneAsync(TimeSpan age, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(PruneSql);
        cmd.Parameters.Add(new() { Value = age });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
