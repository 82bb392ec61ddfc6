using Asobi.Node;
using Asobi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Asobi.Bench.Leaderboard;

/// <summary>A real node in this process on a free loopback port (the same app the product runs).</summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private BenchNode(WebApplication app, Uri baseUri)
    {
        App = app;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        Api = new AsobiApiClient(Http);
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public AsobiApiClient Api { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<BenchNode> StartAsync(string connectionString, string nodeId, IDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:asobi"] = connectionString,
            ["Asobi:Auth:RegisterPerMinute"] = "100000",
            ["Asobi:Auth:LoginPerMinute"] = "100000",
            ["Asobi:Node:Id"] = nodeId,
        };
        var app = NodeApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchNode(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
