using Asobi.Node;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Asobi.Testing;

/// <summary>A real node (Kestrel on a free loopback port) against a test database.</summary>
public sealed class NodeHost : IAsyncDisposable
{
    private NodeHost(WebApplication app, Uri baseUri)
    {
        App = app;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        Api = new AsobiApiClient(Http);
    }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    public string WsUrl => new UriBuilder(BaseUri) { Scheme = "ws", Path = "/ws" }.Uri.ToString();

    public HttpClient Http { get; }

    public AsobiApiClient Api { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Starts a node; with <paramref name="tlsCertificate"/> it serves HTTPS and WSS (TLS terminated by Kestrel).
    /// <paramref name="port"/> fixes the loopback port (a node restarted at the same address); 0 picks a free one.</summary>
    public static async Task<NodeHost> StartAsync(
        string connectionString, IDictionary<string, string?>? settings = null, X509Certificate2? tlsCertificate = null, int port = 0)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:asobi"] = connectionString,
            // Tests register many players from one address.
            ["Asobi:Auth:RegisterPerMinute"] = "100000",
            ["Asobi:Auth:LoginPerMinute"] = "100000",
            ["Asobi:Cluster:HeartbeatInterval"] = "00:00:00.500",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }

        var app = NodeApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            builder.WebHost.UseUrls((tlsCertificate is null ? "http" : "https") + "://127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (tlsCertificate is not null)
            {
                builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https => https.ServerCertificate = tlsCertificate));
            }

            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new NodeHost(app, new Uri(address));
    }

    /// <summary>A loopback port free right now, for a node that must come back at the same address.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await App.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await App.DisposeAsync();
    }
}
