using System.Net;
using System.Net.Sockets;
using System.Text;
using Asobi.IntegrationTests.Support;
using Asobi.Node.Realtime;

namespace Asobi.IntegrationTests.Realtime;

/// <summary>Which path accepts a socket: the raw connection for plain upgrades, the HTTP stack for everything else.</summary>
public sealed class DirectUpgradeTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    private static string UpgradeHead(string? extra = null) =>
        $"GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {Key}\r\n" +
        $"Sec-WebSocket-Version: 13\r\n{extra}\r\n";

    [Fact]
    public async Task A_plain_upgrade_is_accepted_on_the_raw_connection_and_speaks_the_protocol()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString);
        var player = await node.Api.RegisterAsync();
        var (client, connected) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, player.AccessToken);
        await using var _ = client;
        Assert.Equal(player.Id, connected.GetProperty("player_id").GetGuid());
        Assert.True(Assert.Single(node.Service<LocalSockets>().OfPlayer(player.Id)).AcceptedDirectly);

        await client.SendAsync("session.heartbeat", new { }, cid: "hb");
        Assert.Equal("hb", (await client.ReceiveTypeAsync("session.heartbeat")).GetProperty("cid").GetString());
    }

    [Fact]
    public async Task With_direct_upgrade_off_sockets_take_the_http_path_and_work_the_same()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString, new Dictionary<string, string?> { ["Asobi:Socket:DirectUpgrade"] = "false" });
        var player = await node.Api.RegisterAsync();
        var (client, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, player.AccessToken);
        await using var __ = client;
        Assert.False(Assert.Single(node.Service<LocalSockets>().OfPlayer(player.Id)).AcceptedDirectly);
        await client.SendAsync("session.heartbeat", new { }, cid: "hb");
        Assert.Equal("hb", (await client.ReceiveTypeAsync("session.heartbeat")).GetProperty("cid").GetString());
    }

    [Fact]
    public async Task With_inline_scheduling_on_sockets_work_the_same()
    {
        // The socket engine's inline completions are process-wide: keep this test process on the default.
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") ?? "0");
        await using var node = await NodeHost.StartAsync(db.ConnectionString, new Dictionary<string, string?> { ["Asobi:Socket:InlineScheduling"] = "true" });
        var player = await node.Api.RegisterAsync();
        var (client, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, player.AccessToken);
        await using var __ = client;
        for (var i = 0; i < 20; i++)
        {
            await client.SendAsync("session.heartbeat", new { }, cid: $"hb{i}");
            Assert.Equal($"hb{i}", (await client.ReceiveTypeAsync("session.heartbeat")).GetProperty("cid").GetString());
        }
    }

    [Fact]
    public async Task A_get_without_upgrade_headers_is_answered_by_the_http_stack_with_an_error_body()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString);
        using var response = await node.Http.GetAsync("/ws");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upgrade_with_a_bad_key_is_refused_by_the_http_stack_not_accepted()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString);
        using var raw = await RawConnection.OpenAsync(node.BaseUri);
        await raw.WriteAsync(UpgradeHead().Replace(Key, "not-a-key", StringComparison.Ordinal));
        Assert.StartsWith("HTTP/1.1 400", await raw.ReadStatusLineAsync(), StringComparison.Ordinal);
        Assert.Equal(0, node.Service<LocalSockets>().Count);
    }

    [Fact]
    public async Task A_head_sent_slowly_is_handed_to_the_http_stack_after_the_deadline_and_still_upgrades()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString, new Dictionary<string, string?> { ["Asobi:Socket:UpgradeHeadTimeout"] = "00:00:00.200" });
        using var raw = await RawConnection.OpenAsync(node.BaseUri);
        var head = UpgradeHead();
        await raw.WriteAsync(head[..10]);
        await Task.Delay(TimeSpan.FromMilliseconds(600)); // past the deadline: the connection has moved on
        await raw.WriteAsync(head[10..]);
        Assert.StartsWith("HTTP/1.1 101", await raw.ReadStatusLineAsync(), StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Task.FromResult(node.Service<LocalSockets>().All().Any(s => !s.AcceptedDirectly)));
    }

    [Fact]
    public async Task An_upgrade_after_another_request_on_a_kept_alive_connection_takes_the_http_path()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString);
        using var raw = await RawConnection.OpenAsync(node.BaseUri);
        await raw.WriteAsync("GET /alive HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200", await raw.ReadStatusLineAsync(), StringComparison.Ordinal);
        await raw.SkipResponseAsync();
        await raw.WriteAsync(UpgradeHead());
        Assert.StartsWith("HTTP/1.1 101", await raw.ReadStatusLineAsync(), StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Task.FromResult(node.Service<LocalSockets>().All().Any(s => !s.AcceptedDirectly)));
    }

    [Fact]
    public async Task A_head_longer_than_the_direct_limit_upgrades_through_the_http_stack()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString);
        using var raw = await RawConnection.OpenAsync(node.BaseUri);
        await raw.WriteAsync(UpgradeHead("X-Pad: " + new string('a', 9000) + "\r\n"));
        Assert.StartsWith("HTTP/1.1 101", await raw.ReadStatusLineAsync(), StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Task.FromResult(node.Service<LocalSockets>().All().Any(s => !s.AcceptedDirectly)));
    }

    [Fact]
    public async Task A_connection_that_closes_mid_head_leaves_nothing_behind()
    {
        await using var node = await NodeHost.StartAsync(db.ConnectionString);
        using (var raw = await RawConnection.OpenAsync(node.BaseUri))
        {
            await raw.WriteAsync(UpgradeHead()[..30]);
        }

        using var response = await node.Http.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, node.Service<LocalSockets>().Count);
    }

    /// <summary>A TCP connection for writing request bytes by hand.</summary>
    private sealed class RawConnection : IDisposable
    {
        private readonly TcpClient tcp;
        private readonly NetworkStream stream;
        private readonly StreamReader reader;

        private RawConnection(TcpClient tcp)
        {
            this.tcp = tcp;
            stream = tcp.GetStream();
            stream.ReadTimeout = 10_000;
            reader = new StreamReader(stream, Encoding.ASCII);
        }

        public static async Task<RawConnection> OpenAsync(Uri baseUri)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(baseUri.Host, baseUri.Port);
            return new RawConnection(tcp);
        }

        public async Task WriteAsync(string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text));

        public async Task<string> ReadStatusLineAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await reader.ReadLineAsync(cts.Token) ?? "";
        }

        /// <summary>Reads the rest of a response: headers, then a Content-Length or chunked body.</summary>
        public async Task SkipResponseAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var length = 0;
            var chunked = false;
            string? line;
            while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(cts.Token)))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }

                chunked |= line.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
            }

            if (!chunked)
            {
                await reader.ReadBlockAsync(new char[length], cts.Token);
                return;
            }

            while (true)
            {
                var size = Convert.ToInt32((await reader.ReadLineAsync(cts.Token))!.Trim(), 16);
                await reader.ReadBlockAsync(new char[size + 2], cts.Token); // the chunk and its CRLF
                if (size == 0)
                {
                    return;
                }
            }
        }

        public void Dispose()
        {
            reader.Dispose();
            tcp.Dispose();
        }
    }
}
