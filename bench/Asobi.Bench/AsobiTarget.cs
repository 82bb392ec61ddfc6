using System.Net.Http.Json;
using System.Text.Json;
using Asobi.Testing;

namespace Asobi.Bench;

/// <summary>
/// Asobi as users run it: <c>Asobi.Node</c> processes on one private PostgreSQL. Players are registered once over REST;
/// load sockets share their tokens round-robin (a player may hold many sockets).
/// </summary>
internal sealed class AsobiTarget(string nodeDll, int players, bool serverGc) : IBenchTarget
{
    /// <summary>What the bench changes from the defaults, and why (also stated in the doc).</summary>
    public static readonly IReadOnlyDictionary<string, string> NodeSettings = new Dictionary<string, string>
    {
        // Registering the bench's players from one address would hit the per-IP limit of 10 a minute.
        ["Asobi__Auth__RegisterPerMinute"] = "100000",
        ["Asobi__Auth__LoginPerMinute"] = "100000",
        ["Asobi__Auth__AccessTokenLifetime"] = "12:00:00",

        // Echo runs each socket closed-loop far above the 60 messages/s a player gets by default; the peer has no limit.
        ["Asobi__Socket__MessagesPerSecond"] = "1000000",

        // Fan-out sends from one player at up to hundreds of messages/s; chat allows a player 10/s by default and the
        // peer's room has no limit. The chat write queue is raised with it so bursts are stored, not refused.
        ["Asobi__Chat__SendsPerSecond"] = "1000000",
        ["Asobi__Chat__WriteQueueCapacity"] = "100000",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private readonly List<ChildProcess> nodes = [];
    private readonly List<string> urls = [];
    private TestPostgres? postgres;
    private string? connectionString;
    private string[] tokens = [];

    public string System => "asobi";

    public int MaxNodes => 3;

    public IReadOnlyList<int> ServerPids => [.. nodes.Select(n => n.Pid)];

    public async Task StartAsync(int count, CancellationToken ct)
    {
        if (postgres is null)
        {
            postgres = await TestPostgres.StartNewAsync();
            connectionString = await postgres.CreateDatabaseAsync("bench");
        }

        for (var i = 0; i < count; i++)
        {
            var port = Ports.Free();
            var env = new Dictionary<string, string>(NodeSettings)
            {
                ["ConnectionStrings__asobi"] = connectionString!,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_gcServer"] = serverGc ? "1" : "0",
            };
            var node = ChildProcess.Start($"asobi node {i}", RepoPaths.DotnetHost(), [nodeDll], env);
            nodes.Add(node);

            // One at a time: every process applies migrations under an advisory lock at start.
            await Ports.WaitListeningAsync(port, node, TimeSpan.FromSeconds(90), ct);
            urls.Add($"ws://127.0.0.1:{port}/ws");
        }

        if (tokens.Length == 0)
        {
            tokens = await RegisterPlayersAsync(urls[0].Replace("ws://", "http://", StringComparison.Ordinal).Replace("/ws", string.Empty, StringComparison.Ordinal), ct);
        }
    }

    public async Task StopAsync()
    {
        foreach (var n in nodes)
        {
            await n.TerminateAsync();
        }

        nodes.Clear();
        urls.Clear();
    }

    public ClientJob Job(string mode, int sockets, string room, string? localAddress) =>
        new("asobi", mode, [.. urls], tokens, sockets, localAddress, "global:" + room);

    public ChildProcess StartClient(ClientJob job, string name) =>
        ChildProcess.Start(name, RepoPaths.DotnetHost(), [RepoPaths.BenchDll(), "--role", "client", "--job", job.ToBase64()]);

    private async Task<string[]> RegisterPlayersAsync(string baseUrl, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var run = Guid.NewGuid().ToString("N")[..8];
        using var gate = new SemaphoreSlim(4);
        return await Task.WhenAll(Enumerable.Range(0, players).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try
            {
                using var response = await http.PostAsJsonAsync("/api/v1/auth/register", new { username = $"bench_{run}_{i}", password = "bench_pw_12345" }, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"registering a bench player failed: {(int)response.StatusCode} {body}");
                }

                using var doc = JsonDocument.Parse(body);
                return doc.RootElement.GetProperty("access_token").GetString()!;
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }
}
