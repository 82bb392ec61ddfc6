using System.Diagnostics;
using System.Diagnostics.Metrics;
using Asobi.Bus;
using Asobi.Cluster;
using Asobi.Matchmaker;
using Asobi.Matchmaking;
using Asobi.Node;
using Asobi.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asobi.Bench.Match;

/// <summary>
/// Two real nodes and a leader on one database. Pairs of players, one on each node, queue for demo; the one away
/// from the host measures from receiving <c>match.migrate</c> to receiving <c>match.joined</c> on the host
/// (close, connect, <c>session.connect</c>, <c>match.join</c>).
/// </summary>
internal static class MigrationBench
{
    public static async Task RunAsync(TestPostgres pg, int perTrial, int trials)
    {
        Console.WriteLine($"Migration: match.migrate received → match.joined on the host, {perTrial} migrations per trial, {trials} trials");
        var cs = await pg.CreateDatabaseAsync("migbench");
        var (a, urlA) = await StartNodeAsync(cs);
        var (b, urlB) = await StartNodeAsync(cs);
        await using var __ = a;
        await using var ___ = b;
        var leader = new MatchmakerLeader(
            new MatchmakerLeaderSettings("bench", "bench", Environment.ProcessId, MatchmakerLeaderSettings.Dedicated(cs)),
            Options.Create(new MatchmakerOptions { TickInterval = TimeSpan.FromMilliseconds(100) }),
            Service<IOptions<GameModesOptions>>(a), Service<IOptions<ClusterOptions>>(a), [new FillStrategy()],
            Service<NodeRegistryStore>(a), new MatchmakerInstanceStore(Service<NpgsqlDataSource>(a)), Service<IClusterBus>(a),
            new MatchmakerMetrics(Service<IMeterFactory>(a)), TimeProvider.System, NullLogger<MatchmakerLeader>.Instance);
        await leader.StartAsync(default);
        using var httpA = new HttpClient { BaseAddress = new Uri(urlA) };
        using var httpB = new HttpClient { BaseAddress = new Uri(urlB) };
        var apiA = new AsobiApiClient(httpA);
        var apiB = new AsobiApiClient(httpB);
        var wsA = WsUrl(urlA);
        var wsB = WsUrl(urlB);

        var p50s = new List<double>();
        var p99s = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            var samples = new List<double>();
            for (var i = 0; i < perTrial; i++)
            {
                var pa = await apiA.RegisterAsync();
                var pb = await apiB.RegisterAsync();
                var (ca, _) = await WsClient.ConnectAndAuthenticateAsync(wsA, pa.AccessToken, WsClient.Migrating);
                var (cb, _) = await WsClient.ConnectAndAuthenticateAsync(wsB, pb.AccessToken, WsClient.Migrating);
                await ca.SendAsync("matchmaker.add", new { mode = "demo" });
                await cb.SendAsync("matchmaker.add", new { mode = "demo" });
                var url = (await ca.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10))).GetProperty("payload").GetProperty("url").GetString()!;
                var (away, player) = url == wsA ? (cb, pb) : (ca, pa);
                var migrate = (await away.ReceiveTypeAsync("match.migrate")).GetProperty("payload");
                var clock = Stopwatch.StartNew();
                await away.CloseAsync();
                var (moved, _) = await WsClient.ConnectAndAuthenticateAsync(migrate.GetProperty("url").GetString()!, player.AccessToken, WsClient.Migrating);
                await moved.SendAsync("match.join", new { match_id = migrate.GetProperty("match_id").GetString() }, "j");
                await moved.ReceiveTypeAsync("match.joined");
                samples.Add(clock.Elapsed.TotalMilliseconds);
                await moved.DisposeAsync();
                await ca.DisposeAsync();
                await cb.DisposeAsync();
            }

            samples.Sort();
            var p50 = samples[samples.Count / 2];
            var p99 = samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(samples.Count * 0.99) - 1)];
            p50s.Add(p50);
            p99s.Add(p99);
            Console.WriteLine($"  trial {trial + 1}: p50 {p50:F1} ms, p99 {p99:F1} ms, max {samples[^1]:F1} ms");
        }

        Console.WriteLine($"  migration p50 ms median [range] {Stats.Summary(p50s)}; p99 {Stats.Summary(p99s)}");
        await leader.StopAsync(default);
        leader.Dispose();
        await a.StopAsync();
        await b.StopAsync();
    }

    private static T Service<T>(WebApplication app) where T : notnull => app.Services.GetRequiredService<T>();

    private static string WsUrl(string baseUrl) => new UriBuilder(baseUrl) { Scheme = "ws", Path = "/ws" }.Uri.ToString();

    private static async Task<(WebApplication App, string Url)> StartNodeAsync(string cs)
    {
        var app = NodeApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:asobi"] = cs,
                ["Asobi:Auth:RegisterPerMinute"] = "100000",
                ["Asobi:Auth:LoginPerMinute"] = "100000",
                ["Asobi:Cluster:HeartbeatInterval"] = "00:00:00.500",
            });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, address);
    }
}
