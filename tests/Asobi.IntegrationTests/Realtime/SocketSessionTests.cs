using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Realtime;

public sealed class SocketSessionTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private NodeHost Node => fixture.Node;

    [Fact]
    public async Task Connect_answers_with_the_player_and_this_node_and_heartbeats_carry_server_time()
    {
        var player = await Node.Api.RegisterAsync();
        var (client, connected) = await WsClient.ConnectAndAuthenticateAsync(Node.WsUrl, player.AccessToken);
        await using var _ = client;
        Assert.Equal(player.Id, connected.GetProperty("player_id").GetGuid());
        Assert.Equal(Node.Service<Asobi.Cluster.NodeIdentity>().NodeId, connected.GetProperty("node_id").GetString());

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await client.SendAsync("session.heartbeat", new { }, cid: "hb-1");
        var beat = await client.ReceiveAsync();
        Assert.Equal("session.heartbeat", Type(beat));
        Assert.Equal("hb-1", beat.GetProperty("cid").GetString());
        Assert.InRange(beat.GetProperty("payload").GetProperty("ts").GetInt64(), before - 1000, before + 5000);
    }

    [Fact]
    public async Task Requests_before_connect_are_unauthenticated_and_echo_the_cid()
    {
        await using var client = await WsClient.ConnectAsync(Node.WsUrl);
        await client.SendAsync("session.heartbeat", new { }, cid: "early");
        var error = await client.ReceiveAsync();
        AssertError(error, "unauthenticated");
        Assert.Equal("early", error.GetProperty("cid").GetString());
        Assert.Equal("not_authenticated", error.GetProperty("payload").GetProperty("reason").GetString());
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task A_bad_token_is_refused_without_closing_the_socket()
    {
        await using var client = await WsClient.ConnectAsync(Node.WsUrl);
        await client.SendRawAsync("{\"type\":\"session.connect\",\"payload\":{\"token\":\"garbage\"},\"cid\":7}");
        var error = await client.ReceiveAsync();
        AssertError(error, "unauthenticated");
        Assert.Equal(7, error.GetProperty("cid").GetInt32());
        Assert.Equal("invalid_token", error.GetProperty("payload").GetProperty("reason").GetString());

        await client.SendAsync("session.connect", new { }, cid: "missing");
        AssertError(await client.ReceiveAsync(), "invalid_message");

        var player = await Node.Api.RegisterAsync();
        await client.SendAsync("session.connect", new { token = player.AccessToken });
        Assert.Equal("session.connected", Type(await client.ReceiveAsync()));
        await client.SendAsync("session.connect", new { token = player.AccessToken });
        AssertError(await client.ReceiveAsync(), "ws.already_authenticated");
    }

    [Fact]
    public async Task Malformed_frames_get_errors_and_the_socket_keeps_working()
    {
        var player = await Node.Api.RegisterAsync();
        var (client, _) = await WsClient.ConnectAndAuthenticateAsync(Node.WsUrl, player.AccessToken);
        await using var __ = client;

        await client.SendRawAsync("{this is not json");
        AssertError(await client.ReceiveAsync(), "invalid_json");
        await client.SendRawAsync("[1,2,3]");
        AssertError(await client.ReceiveAsync(), "invalid_message");
        await client.SendRawAsync("{\"payload\":{},\"cid\":\"x\"}");
        var noType = await client.ReceiveAsync();
        AssertError(noType, "invalid_message");
        Assert.Equal("x", noType.GetProperty("cid").GetString());
        await client.SendAsync("no.such.thing", new { }, cid: "u");
        AssertError(await client.ReceiveAsync(), "unknown_type");
        await client.SendBytesAsync([1, 2, 3], WebSocketMessageType.Binary);
        AssertError(await client.ReceiveAsync(), "ws.binary_unsupported");

        await client.SendAsync("session.heartbeat", new { });
        Assert.Equal("session.heartbeat", Type(await client.ReceiveAsync()));
    }

    [Fact]
    public async Task An_oversized_frame_is_refused_and_the_next_one_is_served()
    {
        var player = await Node.Api.RegisterAsync();
        var (client, _) = await WsClient.ConnectAndAuthenticateAsync(Node.WsUrl, player.AccessToken);
        await using var __ = client;

        var huge = JsonSerializer.Serialize(new { type = "session.heartbeat", payload = new { filler = new string('x', 200 * 1024) } });
        await client.SendBytesAsync(Encoding.UTF8.GetBytes(huge), WebSocketMessageType.Text);
        AssertError(await client.ReceiveAsync(), "payload_too_large");

        await client.SendAsync("session.heartbeat", new { }, cid: "after");
        var beat = await client.ReceiveAsync();
        Assert.Equal("session.heartbeat", Type(beat));
        Assert.Equal("after", beat.GetProperty("cid").GetString());
    }

    [Fact]
    public async Task A_frame_just_under_the_limit_arrives_whole_and_small_ones_keep_working_after_it()
    {
        var player = await Node.Api.RegisterAsync();
        var (client, _) = await WsClient.ConnectAndAuthenticateAsync(Node.WsUrl, player.AccessToken);
        await using var __ = client;

        var envelope = JsonSerializer.Serialize(new { type = "session.heartbeat", payload = new { filler = "" }, cid = "big" });
        var filler = new string('x', (64 * 1024) - Encoding.UTF8.GetByteCount(envelope));
        var big = JsonSerializer.Serialize(new { type = "session.heartbeat", payload = new { filler }, cid = "big" });
        Assert.Equal(64 * 1024, Encoding.UTF8.GetByteCount(big));
        await client.SendBytesAsync(Encoding.UTF8.GetBytes(big), WebSocketMessageType.Text);
        var reply = await client.ReceiveAsync();
        Assert.Equal("session.heartbeat", Type(reply));
        Assert.Equal("big", reply.GetProperty("cid").GetString());

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync("session.heartbeat", new { }, cid: $"small-{i}");
            Assert.Equal($"small-{i}", (await client.ReceiveAsync()).GetProperty("cid").GetString());
        }
    }

    [Fact]
    public async Task A_flood_is_rate_limited_but_not_disconnected()
    {
        var player = await Node.Api.RegisterAsync();
        var (client, _) = await WsClient.ConnectAndAuthenticateAsync(Node.WsUrl, player.AccessToken);
        await using var __ = client;

        const int sent = 200;
        for (var i = 0; i < sent; i++)
        {
            await client.SendAsync("session.heartbeat", new { });
        }

        int beats = 0, limited = 0;
        for (var i = 0; i < sent; i++)
        {
            var msg = await client.ReceiveAsync();
            if (Type(msg) == "session.heartbeat")
            {
                beats++;
            }
            else
            {
                AssertError(msg, "rate_limited");
                limited++;
            }
        }

        Assert.InRange(beats, 55, 150); // the rest of the burst of 60 (connect took one) plus what refilled meanwhile
        Assert.True(limited > 0);
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task A_plain_http_request_to_the_socket_endpoint_is_a_bad_request()
    {
        using var response = await Node.Http.GetAsync("/ws");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    internal static string? Type(JsonElement msg) => msg.GetProperty("type").GetString();

    internal static void AssertError(JsonElement msg, string code)
    {
        Assert.Equal("error", Type(msg));
        Assert.Equal(code, msg.GetProperty("payload").GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(msg.GetProperty("payload").GetProperty("reason").GetString()));
    }
}
