using System.Net;
using Asobi.Client;
using Asobi.Client.Realtime;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Client;

/// <summary>The SDK's connection keeping against a real node: reconnects, revocation, token refresh.</summary>
public sealed class SdkConnectionTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static AsobiSocketOptions Quick() => new()
    {
        ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        MaxReconnectAttempts = null,
    };

    private static async Task<AsobiClient> RegisteredAsync(Uri server)
    {
        var client = new AsobiClient(server);
        await client.Accounts.RegisterAsync("sdk" + Guid.NewGuid().ToString("N")[..12], "sdk-password-123");
        return client;
    }

    [Fact]
    public async Task A_socket_whose_node_restarts_reconnects_at_the_same_address_and_rejoins_its_chat_channel()
    {
        var port = NodeHost.FreePort();
        var node = await NodeHost.StartAsync(db.ConnectionString, port: port);
        try
        {
            using var listener = await RegisteredAsync(node.BaseUri);
            await using var socket = listener.CreateSocket(Quick());
            var events = new SocketRecorder(socket);
            await socket.ConnectAsync();
            var channel = "global:sdk-" + Guid.NewGuid().ToString("N")[..8];
            await socket.JoinChatAsync(channel);
            var before = socket.NodeId;

            await node.DisposeAsync();
            await events.WaitForAsync(e => e.Disconnects.Count == 1, "the lost node was not reported");
            Assert.True(events.Disconnects[0].WillReconnect);
            Assert.False(socket.IsConnected);

            node = await NodeHost.StartAsync(db.ConnectionString, port: port);
            await events.WaitForAsync(e => e.Reconnects == 1 && socket.IsConnected, "no reconnect to the restarted node", TimeSpan.FromSeconds(20));
            Assert.NotNull(socket.NodeId);
            Assert.True(await socket.HeartbeatAsync() > 0);

            // The channel was joined again on the new connection: a message sent there now reaches it.
            using var sender = await RegisteredAsync(node.BaseUri);
            await using var senderSocket = sender.CreateSocket();
            await senderSocket.ConnectAsync();
            await senderSocket.JoinChatAsync(channel);
            await Eventually.TrueAsync(async () =>
            {
                await senderSocket.SendChatAsync(channel, "after the restart");
                await Task.Delay(200);
                return events.OfType("chat.message").Any();
            }, TimeSpan.FromSeconds(10), "the reconnected socket did not get the channel's message");
            Assert.NotEqual("", before);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_revoked_session_closes_the_socket_for_good_and_later_requests_fail_with_client_closed()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString);
        using var player = await RegisteredAsync(node.BaseUri);
        await using var socket = player.CreateSocket(Quick());
        var events = new SocketRecorder(socket);
        await socket.ConnectAsync();

        // The same session logged out elsewhere (another device, say).
        using var elsewhere = new AsobiClient(node.BaseUri) { Session = player.Session };
        await elsewhere.Accounts.LogoutAsync();

        await events.WaitForAsync(e => e.Disconnects.Count == 1, "the revoked socket was not closed", TimeSpan.FromSeconds(5));
        var end = events.Disconnects[0];
        Assert.False(end.WillReconnect);
        Assert.Equal("session_revoked", end.Reason);
        Assert.Equal(1008, end.CloseStatus);

        await Task.Delay(TimeSpan.FromSeconds(1.5)); // several reconnect waits: none may happen
        Assert.Equal(0, events.Reconnects);
        Assert.False(socket.IsConnected);
        var refused = await Assert.ThrowsAsync<AsobiSocketException>(() => socket.HeartbeatAsync());
        Assert.Equal("client.closed", refused.Code);
    }

    [Fact]
    public async Task A_refused_access_token_is_refreshed_once_for_rest_and_for_the_socket()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString);
        using var player = await RegisteredAsync(node.BaseUri);
        var me = player.Session!;
        var changes = new List<AsobiSession?>();
        player.SessionChanged += changes.Add;

        // What a client holding an expired access token sends.
        player.Session = me with { AccessToken = "expired." + me.AccessToken };
        changes.Clear();
        var profile = await player.Players.GetAsync(me.PlayerId);
        Assert.Equal(me.PlayerId, profile.PlayerId);
        var renewed = Assert.Single(changes);
        Assert.NotNull(renewed);
        Assert.NotEqual(me.RefreshToken, renewed.RefreshToken);

        player.Session = renewed with { AccessToken = "expired." + renewed.AccessToken };
        await using var socket = player.CreateSocket();
        await socket.ConnectAsync();
        Assert.True(socket.IsConnected);
        Assert.Equal(me.PlayerId, socket.PlayerId);
        Assert.Equal(3, changes.Count); // the test's own assignment, then the socket's refresh
        Assert.NotEqual(renewed.RefreshToken, changes[^1]!.RefreshToken);
    }

    [Fact]
    public async Task A_session_whose_refresh_is_refused_fails_with_the_servers_code_instead_of_retrying()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString);
        using var player = await RegisteredAsync(node.BaseUri);
        var me = player.Session!;
        player.Session = me with { AccessToken = "bad", RefreshToken = "also-bad" };

        var rest = await Assert.ThrowsAsync<AsobiApiException>(() => player.Players.GetAsync(me.PlayerId));
        Assert.Equal(HttpStatusCode.Unauthorized, rest.Status);
        Assert.Equal("auth.invalid_refresh_token", rest.Code);

        await using var socket = player.CreateSocket();
        var refused = await Assert.ThrowsAsync<AsobiSocketException>(() => socket.ConnectAsync());
        Assert.Equal("auth.invalid_refresh_token", refused.Code);
    }

    [Fact]
    public async Task Rest_errors_carry_the_http_status_and_the_servers_code()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString);
        using var player = await RegisteredAsync(node.BaseUri);
        var missing = await Assert.ThrowsAsync<AsobiApiException>(() => player.Matches.GetAsync(Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.False(string.IsNullOrEmpty(missing.Code));

        using var anonymous = new AsobiClient(node.BaseUri);
        var taken = await Assert.ThrowsAsync<AsobiApiException>(() => anonymous.Accounts.RegisterAsync(player.Session!.Username, "sdk-password-123"));
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
    }
}
