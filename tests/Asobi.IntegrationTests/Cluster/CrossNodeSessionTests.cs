using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Cluster;

/// <summary>Two real nodes on one database: tokens travel, revocations reach the other node through the bus.</summary>
public sealed class CrossNodeSessionTests(DatabaseFixture db) : TwoNodeTests(db)
{
    [Fact]
    public async Task A_token_issued_by_one_node_works_on_the_other()
    {
        var player = await A.Api.RegisterAsync();
        var (client, connected) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, player.AccessToken);
        await using var _ = client;
        Assert.Equal(player.Id, connected.GetProperty("player_id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await B.Api.GetAsync($"players/{player.Id}", player.AccessToken)).Status);
    }

    [Fact]
    public async Task Logout_on_one_node_closes_the_sockets_of_that_session_on_both_within_a_second()
    {
        var player = await A.Api.RegisterAsync();
        var (onA, _) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, player.AccessToken);
        var (onB, _) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, player.AccessToken);
        await using var __ = onA;
        await using var ___ = onB;

        // Another login of the same player is a different session and must survive.
        var login = await A.Api.PostAsync("auth/login", new { username = player.Username, password = AsobiApiClient.Password });
        var (otherSession, _) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, login.Body.GetProperty("access_token").GetString()!);
        await using var ____ = otherSession;

        var closedA = onA.WaitForCloseAsync(TimeSpan.FromSeconds(5));
        var closedB = onB.WaitForCloseAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await A.Api.PostAsync("auth/logout", new { }, player.AccessToken)).Status);

        // Committed when logout answers; node B then has a second.
        var clock = Stopwatch.StartNew();
        var (statusB, reasonB) = await closedB;
        var elapsed = clock.Elapsed;
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, statusB);
        Assert.Equal("session_revoked", reasonB);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"closed {elapsed.TotalMilliseconds:F0} ms after logout answered");
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "session_revoked"), await closedA);

        await otherSession.SendAsync("session.heartbeat", new { });
        Assert.Equal("session.heartbeat", (await otherSession.ReceiveAsync()).GetProperty("type").GetString());

        // The revoked token is refused on the other node too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await B.Api.GetAsync($"players/{player.Id}", player.AccessToken)).Status);
    }

    [Fact]
    public async Task Refresh_token_reuse_on_one_node_closes_the_session_on_the_other()
    {
        var player = await A.Api.RegisterAsync();
        var (onB, _) = await WsClient.ConnectAndAuthenticateAsync(B.WsUrl, player.AccessToken);
        await using var _ = onB;
        Assert.Equal(HttpStatusCode.OK, (await A.Api.PostAsync("auth/refresh", new { refresh_token = player.RefreshToken })).Status);

        var closed = onB.WaitForCloseAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await A.Api.PostAsync("auth/refresh", new { refresh_token = player.RefreshToken })).Status);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "session_revoked"), await closed);
    }

    [Fact]
    public async Task Both_nodes_are_listed_with_distinct_urls()
    {
        var player = await A.Api.RegisterAsync();
        await Eventually.TrueAsync(async () =>
        {
            var (_, body) = await B.Api.GetAsync("cluster/nodes", player.AccessToken);
            var urls = body.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("url").GetString()).ToHashSet();
            return urls.Contains(A.WsUrl) && urls.Contains(B.WsUrl);
        });
    }
}
