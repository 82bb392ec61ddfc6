using Asobi.Testing;
using Npgsql;

namespace Asobi.ClusterTests;

[Collection(ClusterCollection.Name)]
public sealed class ClusterStartupTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Postgres_is_initialized_and_healthy()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var init = await cluster.App.ResourceNotifications.WaitForResourceAsync(
            "pg-init", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cts.Token);
        Assert.Equal(0, init.Snapshot.ExitCode);

        await cluster.App.ResourceNotifications.WaitForResourceHealthyAsync("pg", cts.Token);
    }

    [Fact]
    public async Task Every_process_started_on_a_migrated_schema_and_every_node_registered()
    {
        await using var conn = new NpgsqlConnection(cluster.DatabaseConnectionString);
        await conn.OpenAsync();
        await using (var versions = new NpgsqlCommand("SELECT array_agg(version ORDER BY version) FROM schema_migrations", conn))
        {
            var applied = (int[])(await versions.ExecuteScalarAsync())!;
            Assert.Equal(Enumerable.Range(1, applied.Length), applied); // 1..N, each once, though five processes migrated
        }

        await using var nodes = new NpgsqlCommand("SELECT count(*) FROM cluster_nodes WHERE last_seen > now() - interval '10 seconds'", conn);
        await Eventually.TrueAsync(async () => (long)(await nodes.ExecuteScalarAsync())! == ClusterFixture.NodeCount);
    }

    [Fact]
    public async Task Every_node_replica_answers_health_on_a_port_of_its_own()
    {
        Assert.Equal(ClusterFixture.NodeCount, cluster.Nodes.Count);
        Assert.Equal(ClusterFixture.NodeCount, cluster.Nodes.Select(n => n.ResourceId).Distinct().Count());
        Assert.Equal(ClusterFixture.NodeCount, cluster.Nodes.Select(n => n.Url.Port).Distinct().Count());
        Assert.DoesNotContain(cluster.Nodes, n => n.Url.Port == cluster.EntryPoint.Port);

        using var http = new HttpClient();
        foreach (var node in cluster.Nodes)
        {
            using var response = await http.GetAsync(new Uri(node.Url, "/health"));
            Assert.True(response.IsSuccessStatusCode, $"{node.ResourceId} at {node.Url}: {response.StatusCode}");
        }
    }

    [Fact]
    public void Both_matchmakers_run_on_ports_of_their_own()
    {
        Assert.Equal(ClusterFixture.MatchmakerCount, cluster.Matchmakers.Count);
        Assert.Equal(ClusterFixture.MatchmakerCount, cluster.Matchmakers.Select(m => m.Url.Port).Distinct().Count());
    }

    [Fact]
    public async Task The_entry_point_answers_health_from_every_request()
    {
        for (var i = 0; i < ClusterFixture.NodeCount * 2; i++)
        {
            using var response = await cluster.Http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode, $"request {i}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_asobi_database_accepts_the_secret_password()
    {
        var settings = new NpgsqlConnectionStringBuilder(cluster.DatabaseConnectionString);
        Assert.Equal("asobi", settings.Database);
        Assert.Equal(cluster.Password, settings.Password);

        await using var conn = new NpgsqlConnection(cluster.DatabaseConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT current_database()", conn);
        Assert.Equal("asobi", await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_wrong_password_is_refused()
    {
        var settings = new NpgsqlConnectionStringBuilder(cluster.DatabaseConnectionString) { Password = "not-the-secret", Pooling = false };
        await using var conn = new NpgsqlConnection(settings.ConnectionString);
        var e = await Assert.ThrowsAsync<PostgresException>(() => conn.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, e.SqlState);
    }

    [Fact]
    public async Task Services_get_the_connection_string_and_the_forwarded_Asobi_settings()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var name in new[] { "node", "matchmaker" })
        {
            var e = await cluster.App.ResourceNotifications.WaitForResourceAsync(
                name, e => e.Snapshot.State?.Text == KnownResourceStates.Running, cts.Token);
            var env = e.Snapshot.EnvironmentVariables.ToDictionary(v => v.Name, v => v.Value);
            Assert.Equal(cluster.DatabaseConnectionString, env["ConnectionStrings__asobi"]);
            Assert.Equal("100000", env["Asobi__Auth__RegisterPerMinute"]);
            Assert.Equal("100000", env["Asobi__Auth__LoginPerMinute"]);
        }
    }
}
