using System.Net;
using System.Net.WebSockets;
using Asobi.Cluster;
using Asobi.Matchmaker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Asobi.IntegrationTests.Cluster;

/// <summary>Nodes whose queries go through PgBouncer in transaction mode while the bus uses a direct connection.</summary>
public sealed class PoolerTests
{
    [SkippableFact]
    public async Task With_a_pooled_and_a_direct_connection_string_the_bus_bypasses_the_pooler_and_still_travels()
    {
        Skip.If(TestPgBouncer.Binary is null, "pgbouncer is not installed (apt-get install pgbouncer).");
        var pg = await TestPostgres.SharedAsync();
        var direct = await pg.CreateDatabaseAsync("pooler");
        await using var bouncer = await TestPgBouncer.StartAsync(pg.Port);
        var database = new NpgsqlConnectionStringBuilder(direct).Database;
        // Transaction pooling: no session state may be assumed, so Npgsql must not reset sessions itself.
        var pooled = $"Host=127.0.0.1;Port={bouncer.Port};Username=postgres;Database={database};No Reset On Close=true";
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:asobi-direct"] = direct };

        await using var a = await NodeHost.StartAsync(pooled, settings);
        await using var b = await NodeHost.StartAsync(pooled, settings);
        var player = await a.Api.RegisterAsync();
        var (onB, _) = await WsClient.ConnectAndAuthenticateAsync(b.WsUrl, player.AccessToken);
        await using var __ = onB;

        var closed = onB.WaitForCloseAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await a.Api.PostAsync("auth/logout", new { }, player.AccessToken)).Status);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "session_revoked"), await closed);

        // Queries went through PgBouncer; the listeners did not.
        var clients = await bouncer.ClientApplicationNamesAsync();
        Assert.NotEmpty(clients);
        Assert.DoesNotContain("asobi-bus-listen", clients);
        await using var conn = new NpgsqlConnection(direct);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'asobi-bus-listen'", conn);
        Assert.Equal(2L, (long)(await cmd.ExecuteScalarAsync())!);

        // The matchmaker's leader lock takes the direct connection too, and wins it.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:asobi"] = pooled,
            ["ConnectionStrings:asobi-direct"] = direct,
        }).Build();
        var services = new ServiceCollection().AddSingleton(new NodeIdentity("mm-pooler"));
        services.AddMatchmaker(configuration);
        await using var provider = services.BuildServiceProvider();
        var leaderSettings = provider.GetRequiredService<MatchmakerLeaderSettings>();
        Assert.Equal(pg.Port, new NpgsqlConnectionStringBuilder(leaderSettings.ConnectionString).Port);

        var leader = await Matchmaking.MatchmakerInstance.StartAsync(a, leaderSettings.ConnectionString, "mm-pooler");
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(leader.IsLeader), TimeSpan.FromSeconds(10), "the leader never took the lock");
        }
        finally
        {
            await Matchmaking.MatchmakerInstance.StopAsync(leader);
        }
    }
}
