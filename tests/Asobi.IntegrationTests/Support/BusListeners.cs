using Asobi.Bus;
using Npgsql;

namespace Asobi.IntegrationTests.Support;

/// <summary>Makes nodes lose their bus listener (as in a network cut) and counts the resynchronizations that follow.</summary>
public static class BusListeners
{
    /// <summary>Ends the listener sessions of these nodes, all on one database, once all of them are listening.</summary>
    public static async Task TerminateAsync(string connectionString, params NodeHost[] nodes)
    {
        await Eventually.TrueAsync(
            () => Task.FromResult(nodes.All(n => n.Service<IClusterBus>().IsConnected)),
            because: "a node's bus is not connected");
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()", conn);
        cmd.Parameters.Add(new() { Value = PostgresClusterBus.ListenApplicationName });
        Assert.Equal((long)nodes.Length, (long)(await cmd.ExecuteScalarAsync())!);
    }

    /// <summary>Counts a node's resynchronizations; registered after the node's own handlers, so it runs after them.</summary>
    public static Counter CountResynchronizations(NodeHost node)
    {
        var counter = new Counter();
        node.Service<IClusterBus>().OnResynchronize(_ =>
        {
            counter.Increment();
            return ValueTask.CompletedTask;
        });
        return counter;
    }

    public sealed class Counter
    {
        private int value;

        public int Count => Volatile.Read(ref value);

        internal void Increment() => Interlocked.Increment(ref value);
    }
}
