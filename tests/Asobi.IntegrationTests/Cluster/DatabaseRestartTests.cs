using System.Net;
using System.Net.WebSockets;
using Npgsql;

namespace Asobi.IntegrationTests.Cluster;

/// <summary>Two nodes on a private PostgreSQL that is stopped and started under them.</summary>
public sealed class DatabaseRestartTests
{
    [Fact]
    public async Task After_a_database_restart_missed_revocations_are_applied_and_new_ones_still_travel()
    {
        await using var pg = await TestPostgres.StartNewAsync();
        var cs = await pg.CreateDatabaseAsync();
        await using var a = await NodeHost.StartAsync(cs);
        await using var b = await NodeHost.StartAsync(cs);

        var missed = await a.Api.RegisterAsync();
        var later = await a.Api.RegisterAsync();
        var (missedSocket, _) = await WsClient.ConnectAndAuthenticateAsync(b.WsUrl, missed.AccessToken);
        var (laterSocket, _) = await WsClient.ConnectAndAuthenticateAsync(b.WsUrl, later.AccessToken);
        await using var __ = missedSocket;
        await using var ___ = laterSocket;

        // A revocation whose announcement is lost: written to the table, never published.
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var revoke = new NpgsqlCommand("update auth_sessions set revoked_at = now() where player_id = $1", conn)
            {
                Parameters = { new() { Value = missed.Id } },
            };
            await revoke.ExecuteNonQueryAsync();
        }

        await pg.StopAsync();
        await Eventually.TrueAsync(async () => await HealthAsync(b) == "Degraded", because: "the node should report degraded while its bus is down");
        await pg.StartAsync();
        await Eventually.TrueAsync(async () => await HealthAsync(a) == "Healthy" && await HealthAsync(b) == "Healthy", TimeSpan.FromSeconds(30));

        // Resynchronising after the reconnect found the revoked session among B's sockets.
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "session_revoked"), await missedSocket.WaitForCloseAsync(TimeSpan.FromSeconds(10)));

        // Events published after the restart arrive.
        var closed = laterSocket.WaitForCloseAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await a.Api.PostAsync("auth/logout", new { }, later.AccessToken)).Status);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "session_revoked"), await closed);
    }

    [Fact]
    public async Task While_the_database_is_down_requests_fail_fast_with_503_and_work_again_after()
    {
        await using var pg = await TestPostgres.StartNewAsync();
        var cs = await pg.CreateDatabaseAsync();
        await using var node = await NodeHost.StartAsync(cs);
        var player = await node.Api.RegisterAsync();

        await pg.StopAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (status, body) = await node.Api.GetAsync($"players/{player.Id}", player.AccessToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unavailable", body.GetProperty("error").GetProperty("code").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        await Eventually.TrueAsync(async () => await HealthAsync(node) == "Degraded");

        await pg.StartAsync();
        await Eventually.TrueAsync(async () => (await node.Api.GetAsync($"players/{player.Id}", player.AccessToken)).Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30));
    }

    private static async Task<string> HealthAsync(NodeHost node)
    {
        try
        {
            using var response = await node.Http.GetAsync("/health");
            return await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException)
        {
            return "unreachable";
        }
    }
}
