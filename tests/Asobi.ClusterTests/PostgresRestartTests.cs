using System.Globalization;
using Npgsql;

namespace Asobi.ClusterTests;

[Collection(ClusterCollection.Name)]
public sealed class PostgresRestartTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Stopping_and_starting_pg_brings_it_back_on_the_same_port_with_its_data()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var endpoint = cluster.App.GetEndpoint("pg", "tcp");
        await ExecuteAsync("CREATE TABLE IF NOT EXISTS restart_probe (id int); INSERT INTO restart_probe VALUES (42)", cts.Token);

        // A client holding a connection must not keep the server from stopping.
        await using var held = new NpgsqlConnection(cluster.DatabaseConnectionString + ";Pooling=false");
        await held.OpenAsync(cts.Token);

        await cluster.StopPostgresAsync(cts.Token);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync("SELECT 1", cts.Token));

        await cluster.StartPostgresAsync(cts.Token);
        var restarted = await cluster.App.ResourceNotifications.WaitForResourceAsync(
            "pg", e => e.Snapshot.State?.Text == KnownResourceStates.Running, cts.Token);
        Assert.Equal(endpoint.Port.ToString(CultureInfo.InvariantCulture),
            restarted.Snapshot.EnvironmentVariables.Single(v => v.Name == "PGPORT").Value);
        Assert.Equal(42, await ExecuteAsync("SELECT id FROM restart_probe", cts.Token));
        await ExecuteAsync("DROP TABLE restart_probe", cts.Token);
    }

    private async Task<object?> ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(cluster.DatabaseConnectionString + ";Pooling=false;Timeout=5");
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync(ct);
    }
}
