using Aspire.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Asobi.ClusterTests.Leaderboards;

/// <summary>
/// The whole AppHost with three node replicas and a client-submittable board (<c>arena</c>) forwarded to every
/// replica. Its own cluster, since the shared one is configured without leaderboards.
/// </summary>
public sealed class LeaderboardClusterFixture : IAsyncLifetime
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "asobi-lbcluster-" + Guid.NewGuid().ToString("N")[..12]);
    private DistributedApplication? app;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Each node replica's own address, ordered by port.</summary>
    public IReadOnlyList<Uri> Nodes { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(ClusterFixture.StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Asobi_AppHost>(
        [
            "Postgres:Mode=local",
            $"Postgres:DataDir={dataDirectory}",
            $"Parameters:pg-password=t{Guid.NewGuid():N}",
            "Nodes:Count=3",
            "Matchmaker:Count=1",
            "Asobi:Auth:RegisterPerMinute=100000",
            "Asobi:Leaderboards:Boards:arena:Operator=latest",
            "Asobi:Leaderboards:Boards:arena:ClientSubmit=true",
        ], cts.Token);
        app = await builder.BuildAsync(cts.Token);
        await app.StartAsync(cts.Token);
        Nodes = await HealthyNodesAsync(app, cts.Token);
        Http = app.CreateHttpClient("node", "http");
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<Uri>> HealthyNodesAsync(DistributedApplication app, CancellationToken ct)
    {
        var latest = new Dictionary<string, CustomResourceSnapshot>();
        await foreach (var e in app.ResourceNotifications.WatchAsync(ct))
        {
            if (e.Resource.Name != "node")
            {
                continue;
            }

            latest[e.ResourceId] = e.Snapshot;
            if (latest.Count == 3 && latest.Values.All(s => s.HealthStatus == HealthStatus.Healthy && BoundUrl(s) is not null))
            {
                break;
            }
        }

        var nodes = latest.Values.Select(s => BoundUrl(s)!).OrderBy(u => u.Port).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var node in nodes)
        {
            while (!await HealthyAsync(http, node, ct))
            {
                await Task.Delay(250, ct);
            }
        }

        return nodes;
    }

    private static async Task<bool> HealthyAsync(HttpClient http, Uri node, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(node, "/health"), ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static Uri? BoundUrl(CustomResourceSnapshot snapshot)
    {
        var urls = snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value;
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is null ? null : new Uri(first);
    }
}

[CollectionDefinition(Name)]
public sealed class LeaderboardClusterCollection : ICollectionFixture<LeaderboardClusterFixture>
{
    public const string Name = "leaderboard-cluster";
}
