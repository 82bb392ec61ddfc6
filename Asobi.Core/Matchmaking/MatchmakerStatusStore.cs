using Npgsql;

namespace Asobi.Matchmaking;

/// <summary>Reads the leadership row, instance heartbeats and queue depths (one round trip).</summary>
public sealed class MatchmakerStatusStore(NpgsqlDataSource db)
{
    private const string LeaderSql = """
        SELECT l.instance_id, i.host, i.pid, l.since FROM matchmaker_leadership l
        JOIN matchmaker_instances i ON i.instance_id = l.instance_id
        WHERE l.id = 1 AND i.last_seen > now() - $1
        """;
    private const string InstancesSql = """
        SELECT i.instance_id, i.host, i.pid, i.last_seen, coalesce(l.instance_id = i.instance_id, false)
        FROM matchmaker_instances i LEFT JOIN matchmaker_leadership l ON l.id = 1
        WHERE i.last_seen > now() - $1 ORDER BY i.started_at, i.instance_id
        """;
    private const string QueuesSql = """
        SELECT mode, count(*)::int FROM matchmaker_tickets WHERE status = 'pending' GROUP BY mode ORDER BY mode
        """;

    public async Task<MatchmakerStatus> ReadAsync(TimeSpan instanceTimeout, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(LeaderSql) { Parameters = { new() { Value = instanceTimeout } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(InstancesSql) { Parameters = { new() { Value = instanceTimeout } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(QueuesSql));
        await using var reader = await batch.ExecuteReaderAsync(ct);

        MatchmakerLeaderView? leader = null;
        if (await reader.ReadAsync(ct))
        {
            leader = new MatchmakerLeaderView(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3));
        }

        await reader.NextResultAsync(ct);
        var instances = new List<MatchmakerInstanceView>();
        while (await reader.ReadAsync(ct))
        {
            instances.Add(new MatchmakerInstanceView(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4)));
        }

        await reader.NextResultAsync(ct);
        var queues = new List<QueueDepth>();
        while (await reader.ReadAsync(ct))
        {
            queues.Add(new QueueDepth(reader.GetString(0), reader.GetInt32(1)));
        }

        return new MatchmakerStatus(leader, instances, queues);
    }
}
