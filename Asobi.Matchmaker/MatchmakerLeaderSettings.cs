namespace Asobi.Matchmaker;

/// <summary>What makes one instance distinct: its id, where it runs, and the connection string for its dedicated connection.</summary>
public sealed record MatchmakerLeaderSettings(string InstanceId, string Host, int Pid, string ConnectionString)
{
    /// <summary>The dedicated connection must never come from a pool: a pooled connection would keep the lock after "closing".</summary>
    public static string Dedicated(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5, Multiplexing = false }.ConnectionString;
}
