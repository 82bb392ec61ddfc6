using Npgsql;

namespace Asobi.Matchmaker;

/// <summary>SQL of <c>matchmaker_instances</c>: each instance's heartbeat row, leader or not.</summary>
public sealed class MatchmakerInstanceStore(NpgsqlDataSource db)
{
    private const string UpsertSql = """
        INSERT INTO matchmaker_instances (instance_id, host, pid, started_at, last_seen) VALUES ($1, $2, $3, $4, now())
        ON CONFLICT (instance_id) DO UPDATE SET last_seen = now()
        """;
    private const string RemoveSql = "DELETE FROM matchmaker_instances WHERE instance_id = $1";

    public async Task HeartbeatAsync(string instanceId, string host, int pid, DateTimeOffset startedAt, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(UpsertSql);
        cmd.Parameters.Add(new() { Value = instanceId });
        cmd.Parameters.Add(new() { Value = host });
        cmd.Parameters.Add(new() { Value = pid });
        cmd.Parameters.Add(new() { Value = startedAt });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task RemoveAsync(string instanceId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(RemoveSql);
        cmd.Parameters.Add(new() { Value = instanceId });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
