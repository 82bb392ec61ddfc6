using System.Diagnostics;
using System.Net;
using Asobi.Testing;

namespace Asobi.ClusterTests.Leaderboards;

[Collection(ClusterCollection.Name)]
public sealed class LeaderboardClusterTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_score_submitted_on_replica_A_is_ranked_on_replicas_B_and_C_within_100_ms_at_the_median()
    {
        var clients = cluster.Nodes.Select(n => new HttpClient { BaseAddress = n.Url }).ToList();
        using var disposeClients = new Disposables(clients);
        var replicas = clients.Select(c => new AsobiApiClient(c)).ToArray();
        var players = new List<Player>();
        for (var i = 0; i < 9; i++)
        {
            players.Add(await new AsobiApiClient(cluster.Http).RegisterAsync());
        }

        var elapsed = new List<double>();
        for (var i = 0; i < players.Count; i++)
        {
            var p = players[i];
            var sw = Stopwatch.StartNew();
            var (status, _) = await replicas[0].PostAsync("leaderboards/arena", new { score = 1000 + i }, p.AccessToken);
            Assert.Equal(HttpStatusCode.OK, status);
            await Eventually.TrueAsync(async () =>
            {
                foreach (var other in replicas[1..])
                {
                    var (s, body) = await other.GetAsync("leaderboards/arena/me", p.AccessToken);
                    if (s != HttpStatusCode.OK || body.GetProperty("score").GetInt64() != 1000 + i)
                    {
                        return false;
                    }
                }

                return true;
            }, TimeSpan.FromSeconds(5), "the score never reached replicas B and C");
            elapsed.Add(sw.Elapsed.TotalMilliseconds);
        }

        elapsed.Sort();
        Assert.True(elapsed[elapsed.Count / 2] < 100, $"median {elapsed[elapsed.Count / 2]:F1} ms; all: {string.Join(", ", elapsed.Select(e => e.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");

        // Every replica ranks the board the same way.
        var tops = await Task.WhenAll(replicas.Select(r => r.GetAsync("leaderboards/arena?limit=20", players[0].AccessToken)));
        var orders = tops.Select(t => string.Join(",", t.Body.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("player_id").GetString()))).ToList();
        Assert.All(orders, o => Assert.Equal(orders[0], o));
    }
}

/// <summary>Disposes a set of clients at the end of a test.</summary>
internal sealed class Disposables(IEnumerable<IDisposable> items) : IDisposable
{
    public void Dispose()
    {
        foreach (var item in items)
        {
            item.Dispose();
        }
    }
}
