using Aspire.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Asobi.ClusterTests;

/// <summary>
/// One AppHost for a test collection: local PostgreSQL in a fresh data directory, three node replicas and two
/// matchmakers, all healthy before the first test runs. Rate limits are raised so tests may register freely.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int NodeCount = 3;
    public const int MatchmakerCount = 2;

    /// <summary>The operator key every node of this cluster accepts (<c>X-Asobi-Operator-Key</c>).</summary>
    public const string OperatorKey = "cluster-test-operator-key-0123456789abcdef";

    /// <summary>Time for the whole start on a slow two-core machine; every wait gets a token from it.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public ClusterFixture()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "asobi-cluster-" + Guid.NewGuid().ToString("N")[..12]);
        Password = "t" + Guid.NewGuid().ToString("N");
    }

    public string DataDirectory { get; }

    /// <summary>The secret <c>pg-password</c> parameter this cluster runs with.</summary>
    public string Password { get; }

    public DistributedApplication App => app ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>The nodes' single entry point: the proxy in front of every replica.</summary>
    public Uri EntryPoint { get; private set; } = null!;

    /// <summary>A client of <see cref="EntryPoint"/>.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>What services get as <c>ConnectionStrings__asobi</c>.</summary>
    public string DatabaseConnectionString { get; private set; } = null!;

    public IReadOnlyList<Replica> Nodes { get; private set; } = [];

    public IReadOnlyList<Replica> Matchmakers { get; private set; } = [];

    private DistributedApplication? app;

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var ct = cts.Token;
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Asobi_AppHost>(
            [
                "Postgres:Mode=local",
                $"Postgres:DataDir={DataDirectory}",
                $"Parameters:pg-password={Password}",
                $"Nodes:Count={NodeCount}",
                $"Matchmaker:Count={MatchmakerCount}",
                "Asobi:Auth:RegisterPerMinute=100000",
                "Asobi:Auth:LoginPerMinute=100000",
                // Operator routes on, through the AppHost's secret parameter, for the broadcast test.
                $"Parameters:operator-key={OperatorKey}",
                // A board clients may submit to, for the cross-replica ranking test.
                "Asobi:Leaderboards:Boards:arena:Operator=latest",
                "Asobi:Leaderboards:Boards:arena:ClientSubmit=true",
            ], ct);
            app = await builder.BuildAsync(ct);
            await app.StartAsync(ct);

            Nodes = await WaitForHealthyReplicasAsync("node", NodeCount, ct);
            Matchmakers = await WaitForHealthyReplicasAsync("matchmaker", MatchmakerCount, ct);
            EntryPoint = app.GetEndpoint("node", "http");
            Http = app.CreateHttpClient("node", "http");
            DatabaseConnectionString = await app.GetConnectionStringAsync("asobi", ct)
                ?? throw new InvalidOperationException("The asobi connection string is not available.");
        }
        catch (OperationCanceledException e) when (ct.IsCancellationRequested)
        {
            var states = await DescribeResourcesAsync();
            await DisposeAsync();
            throw new TimeoutException($"The cluster did not become healthy within {StartTimeout}. {states}", e);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
            app = null;
        }

        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>Stops the <c>pg</c> executable (as the dashboard's stop button does) and waits until it has exited.</summary>
    public async Task StopPostgresAsync(CancellationToken ct)
    {
        await ExecuteAsync("pg", KnownResourceCommands.StopCommand, ct);
        await App.ResourceNotifications.WaitForResourceAsync(
            "pg", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ct);
    }

    /// <summary>Starts <c>pg</c> again and waits until it accepts connections with <see cref="DatabaseConnectionString"/>.</summary>
    public async Task StartPostgresAsync(CancellationToken ct)
    {
        await ExecuteAsync("pg", KnownResourceCommands.StartCommand, ct);
        await App.ResourceNotifications.WaitForResourceAsync(
            "pg", e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy, ct);

        // The health snapshot can lag a restart by a check interval; a real connection cannot.
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(DatabaseConnectionString + ";Pooling=false;Timeout=5");
                await conn.OpenAsync(ct);
                return;
            }
            catch (NpgsqlException)
            {
                await Task.Delay(250, ct);
            }
        }
    }

    private async Task ExecuteAsync(string resource, string command, CancellationToken ct)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command, ct);
        if (!result.Success)
        {
            throw new InvalidOperationException($"'{command}' on {resource} failed: {result.Message}");
        }
    }

    /// <summary>
    /// Aspire checks the health of a replicated resource through its proxy, so one healthy replica marks them
    /// all healthy. This waits for every replica to run and then asks each one on its own port.
    /// </summary>
    private async Task<IReadOnlyList<Replica>> WaitForHealthyReplicasAsync(string name, int count, CancellationToken ct)
    {
        var latest = new Dictionary<string, CustomResourceSnapshot>();
        await foreach (var e in App.ResourceNotifications.WatchAsync(ct))
        {
            if (e.Resource.Name != name)
            {
                continue;
            }

            var state = e.Snapshot.State?.Text;
            if (state == KnownResourceStates.FailedToStart || KnownResourceStates.TerminalStates.Contains(state))
            {
                throw new InvalidOperationException($"Replica {e.ResourceId} of {name} is {state} (exit code {e.Snapshot.ExitCode}).");
            }

            latest[e.ResourceId] = e.Snapshot;
            if (latest.Count == count && latest.Values.All(s => s.HealthStatus == HealthStatus.Healthy && BoundUrl(s) is not null))
            {
                break;
            }
        }

        var replicas = latest.Select(r => new Replica(r.Key, BoundUrl(r.Value)!)).OrderBy(r => r.Url.Port).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var replica in replicas)
        {
            while (!await AnswersHealthAsync(http, replica.Url, ct))
            {
                await Task.Delay(250, ct);
            }
        }

        return replicas;
    }

    private static async Task<bool> AnswersHealthAsync(HttpClient http, Uri baseUrl, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(baseUrl, "/health"), ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The address a replica's Kestrel was told to bind (Aspire gives each replica its own port).</summary>
    private static Uri? BoundUrl(CustomResourceSnapshot snapshot)
    {
        var urls = snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value;
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is null ? null : new Uri(first);
    }

    /// <summary>Every resource instance's state, for a start that timed out.</summary>
    private async Task<string> DescribeResourcesAsync()
    {
        if (app is null)
        {
            return "The AppHost was not built.";
        }

        // WatchAsync replays the current state of every instance first, then waits for changes.
        var states = new SortedDictionary<string, string>();
        using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await foreach (var e in app.ResourceNotifications.WatchAsync(brief.Token))
            {
                states[e.ResourceId] = $"{e.Snapshot.State?.Text} {e.Snapshot.HealthStatus}".Trim();
            }
        }
        catch (OperationCanceledException)
        {
        }

        return "Resources: " + string.Join(", ", states.Select(s => $"{s.Key}={s.Value}"));
    }
}

/// <summary>One replica of a replicated resource: its generated resource id and the address it bound.</summary>
public sealed record Replica(string ResourceId, Uri Url);
