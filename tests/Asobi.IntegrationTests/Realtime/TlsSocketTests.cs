using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Asobi.IntegrationTests.Support;
using Asobi.Node.Realtime;
using Asobi.Node.Realtime.Upgrade;

namespace Asobi.IntegrationTests.Realtime;

/// <summary>
/// TLS terminated by the node itself: sockets come through the HTTP stack, by an HTTP/1.1 upgrade or an HTTP/2
/// extended CONNECT, and run on the node's own WebSocket.
/// </summary>
public sealed class TlsSocketTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Theory]
    [InlineData(1)] // an HTTP/1.1 upgrade
    [InlineData(2)] // an HTTP/2 extended CONNECT (RFC 8441)
    public async Task A_wss_socket_runs_on_the_nodes_own_websocket_and_closes_cleanly(int httpVersion)
    {
        using var certificate = SelfSigned();
        await using var node = await NodeHost.StartAsync(db.ConnectionString, tlsCertificate: certificate);
        Assert.Equal("https", node.BaseUri.Scheme);

        // HTTP/2 needs a handler of the test's own (ClientWebSocket's default one speaks HTTP/1.1 only).
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString();
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        using var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(node.BaseUri) { Scheme = "wss", Path = "/ws" }.Uri;
        if (httpVersion == 2)
        {
            client.Options.HttpVersion = HttpVersion.Version20;
            client.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            await client.ConnectAsync(uri, invoker, CancellationToken.None);
        }
        else
        {
            client.Options.RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString();
            await client.ConnectAsync(uri, CancellationToken.None);
        }

        Assert.Equal(httpVersion == 2 ? HttpStatusCode.OK : HttpStatusCode.SwitchingProtocols, client.HttpStatusCode);

        await client.SendAsync("""{"type":"session.heartbeat","payload":{},"cid":"tls"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var received = await client.ReceiveAsync(buffer, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.Contains("\"tls\"", Encoding.UTF8.GetString(buffer, 0, received.Count), StringComparison.Ordinal);

        var session = Assert.Single(node.Service<LocalSockets>().All());
        Assert.False(session.AcceptedDirectly);
        Assert.IsType<PipeWebSocket>(session.Socket);

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.Equal(WebSocketState.Closed, client.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        await Eventually.TrueAsync(() => Task.FromResult(node.Service<LocalSockets>().Count == 0));
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Reloaded from PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
