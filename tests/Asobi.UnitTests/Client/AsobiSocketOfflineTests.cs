using System.Net;
using System.Net.Sockets;
using Asobi.Client;
using Asobi.Client.Realtime;

namespace Asobi.UnitTests.Client;

/// <summary>What the SDK socket does before it has any connection: bounded queue, limits, timeouts, clear errors.</summary>
public sealed class AsobiSocketOfflineTests
{
    private static AsobiClient Client() => new(new Uri("http://127.0.0.1:1"))
    {
        Session = new AsobiSession(Guid.NewGuid(), "p", "access", "refresh", 0),
    };

    [Fact]
    public async Task Frames_queue_up_to_the_capacity_and_one_more_fails_with_send_queue_full()
    {
        using var client = Client();
        await using var socket = client.CreateSocket(new AsobiSocketOptions { SendQueueCapacity = 3 });
        for (var i = 0; i < 3; i++)
        {
            socket.SendMatchInput(new { move_x = 1 });
        }

        var full = Assert.Throws<AsobiSocketException>(() => socket.SendMatchInput(new { move_x = 1 }));
        Assert.Equal("client.send_queue_full", full.Code);
        Assert.True(full.IsClientError);
    }

    [Fact]
    public async Task A_frame_over_the_limit_is_refused_before_it_is_queued()
    {
        using var client = Client();
        await using var socket = client.CreateSocket(new AsobiSocketOptions { MaxFrameBytes = 1024 });
        var big = Assert.Throws<AsobiSocketException>(() => socket.Send("chat.send", new { channel_id = "global:x", content = new string('a', 2000) }));
        Assert.Equal("client.frame_too_large", big.Code);
    }

    [Fact]
    public async Task A_request_that_is_never_answered_fails_with_client_timeout()
    {
        using var client = Client();
        await using var socket = client.CreateSocket(new AsobiSocketOptions { RequestTimeout = TimeSpan.FromMilliseconds(100) });
        var late = await Assert.ThrowsAsync<AsobiSocketException>(() => socket.HeartbeatAsync());
        Assert.Equal("client.timeout", late.Code);
    }

    [Fact]
    public async Task Disposing_fails_waiting_requests_with_client_closed_and_refuses_new_ones()
    {
        using var client = Client();
        var socket = client.CreateSocket();
        var waiting = socket.HeartbeatAsync();
        await socket.DisposeAsync();
        Assert.Equal("client.closed", (await Assert.ThrowsAsync<AsobiSocketException>(() => waiting)).Code);
        Assert.Throws<ObjectDisposedException>(() => socket.Send("session.heartbeat"));
    }

    [Fact]
    public async Task Connecting_to_an_address_where_nothing_listens_throws_instead_of_hanging()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new AsobiClient(new Uri($"http://127.0.0.1:{port}")) { Session = new AsobiSession(Guid.NewGuid(), "p", "a", "r", 0) };
        await using var socket = client.CreateSocket();
        await Assert.ThrowsAnyAsync<Exception>(() => socket.ConnectAsync());
        Assert.False(socket.IsConnected);
    }

    [Fact]
    public void The_socket_address_follows_the_server_address_scheme_and_path()
    {
        using var plain = new AsobiClient(new Uri("http://play.example.com:8080"));
        Assert.Equal("ws://play.example.com:8080/ws", plain.SocketUrl.ToString());
        using var tls = new AsobiClient(new Uri("https://play.example.com/game/"));
        Assert.Equal("wss://play.example.com/game/ws", tls.SocketUrl.ToString());
        Assert.Throws<ArgumentException>(() => new AsobiClient(new Uri("ftp://x")));
    }
}
