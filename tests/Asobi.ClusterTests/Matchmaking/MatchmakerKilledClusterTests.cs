using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Asobi.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Asobi.ClusterTests.Matchmaking;

/// <summary>
/// The leading matchmaker process is killed with SIGKILL while tickets wait: the other instance takes the lead and
/// forms the match within five seconds, with every ticket matched once.
/// </summary>
[Collection(MatchmakerKillCollection.Name)]
public sealed class MatchmakerKilledClusterTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private const string Mode = "tugofwar"; // four players: three can wait without a match forming

    /// <summary>The issue's bound, from the kill to every player holding <c>match.matched</c>.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait anyway, so a slow takeover fails with its figure instead of a bare timeout.</summary>
    private static readonly TimeSpan PatientWait = TimeSpan.FromSeconds(30);

    private static string WsUrl(Replica node) => $"ws://{node.Url.Host}:{node.Url.Port}/ws";

    [Fact]
    public async Task Killing_the_leading_matchmaker_process_mid_queue_lets_the_other_instance_form_the_match_within_five_seconds_losing_no_ticket_and_matching_none_twice()
    {
        var api = new AsobiApiClient(cluster.Http);
        var players = new List<Player>();
        for (var i = 0; i < 4; i++)
        {
            players.Add(await api.RegisterAsync());
        }

        var token = players[0].AccessToken;
        var view = await SettledViewAsync(api, token);
        var leader = LeaderId(view)!;
        var survivor = view.GetProperty("instances").EnumerateArray()
            .Select(i => i.GetProperty("instance_id").GetString()!).Single(id => id != leader);
        var pid = LeaderProcess(view);

        // Two players on each of two replicas; three queue, which a four-player mode cannot match yet.
        Replica[] homes = [cluster.Nodes[0], cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[1]];
        var sockets = new List<WsClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                sockets.Add((await WsClient.ConnectAndAuthenticateAsync(WsUrl(homes[i]), players[i].AccessToken)).Client);
            }

            for (var i = 0; i < 3; i++)
            {
                await QueueAsync(sockets[i]);
            }

            var (_, before) = await api.GetAsync("cluster/matchmaker", token);
            Assert.Equal(3, QueueDepth(before));
            Assert.Equal(leader, LeaderId(before)); // still the leader we are about to kill

            var killedAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            using (var process = Process.GetProcessById(pid))
            {
                process.Kill(); // SIGKILL: no graceful stop, no unlock, no heartbeat removal
                Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), $"matchmaker process {pid} did not exit");
            }

            await QueueAsync(sockets[3]);

            // Every player hears of the match; each arrival is timed from the kill.
            var arrivals = await Task.WhenAll(sockets.Select(async s =>
            {
                var frame = await s.ReceiveTypeAsync("match.matched", PatientWait);
                return (Matched: frame.GetProperty("payload"), At: clock.Elapsed);
            }));
            var matchedAfter = arrivals.Max(a => a.At);

            var (_, after) = await api.GetAsync("cluster/matchmaker", token);
            Assert.Equal(survivor, LeaderId(after));
            var takeover = after.GetProperty("leader").GetProperty("since").GetDateTimeOffset() - killedAt;
            output.WriteLine($"killed leader {leader} (pid {pid}); {survivor} led after {takeover.TotalMilliseconds:F0} ms; "
                + $"all four matched after {matchedAfter.TotalMilliseconds:F0} ms");
            Assert.True(matchedAfter < Bound,
                $"the match formed {matchedAfter.TotalMilliseconds:F0} ms after the kill (bound {Bound.TotalMilliseconds:F0} ms); "
                + $"the other instance took the lead {takeover.TotalMilliseconds:F0} ms after the kill");

            // No ticket lost: one match holds all four players.
            var matchId = arrivals[0].Matched.GetProperty("match_id").GetGuid();
            Assert.All(arrivals, a => Assert.Equal(matchId, a.Matched.GetProperty("match_id").GetGuid()));
            var teams = arrivals[0].Matched.GetProperty("teams").EnumerateArray().SelectMany(t => t.EnumerateArray()).Select(p => p.GetGuid());
            Assert.Equal(players.Select(p => p.Id).Order(), teams.Order());
            Assert.Equal(0, QueueDepth(after));

            // None matched twice: one record for them, and each player's only ticket is matched to it.
            await AssertRecordedOnceAsync(players, matchId);

            // No second match.matched reaches any socket (a bounded look; the records above are the durable proof).
            var extra = await Task.WhenAll(sockets.Select(s => CountMatchedAsync(s, TimeSpan.FromSeconds(2))));
            Assert.All(extra, n => Assert.Equal(0, n));

            // The killed instance stops heartbeating and leaves the list once its row ages out (10 s).
            await Eventually.TrueAsync(async () =>
            {
                var (status, view) = await api.GetAsync("cluster/matchmaker", token);
                var ids = status == HttpStatusCode.OK
                    ? view.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("instance_id").GetString()).ToList()
                    : [];
                return ids.SequenceEqual([survivor]) && LeaderId(view) == survivor;
            }, TimeSpan.FromSeconds(30), $"the cluster view never showed only {survivor}, leading");
        }
        finally
        {
            foreach (var s in sockets)
            {
                await s.DisposeAsync();
            }
        }
    }

    /// <summary>Waits until both instances heartbeat and one leads; returns that view.</summary>
    private static async Task<JsonElement> SettledViewAsync(AsobiApiClient api, string token)
    {
        JsonElement view = default;
        await Eventually.TrueAsync(async () =>
        {
            (_, view) = await api.GetAsync("cluster/matchmaker", token);
            return view.GetProperty("instances").GetArrayLength() == ClusterFixture.MatchmakerCount && LeaderId(view) is not null;
        }, TimeSpan.FromSeconds(30), "the cluster view never showed both matchmaker instances with a leader");
        return view;
    }

    /// <summary>
    /// The leader's process id as it reports it, checked against the operating system: the pids the two instances
    /// report must be exactly the processes listening on the two matchmaker replicas' ports, on this machine.
    /// </summary>
    private int LeaderProcess(JsonElement view)
    {
        var reported = view.GetProperty("instances").EnumerateArray()
            .ToDictionary(i => i.GetProperty("instance_id").GetString()!, i => (Host: i.GetProperty("host").GetString(), Pid: i.GetProperty("pid").GetInt32()));
        var listening = cluster.Matchmakers.Select(ReplicaProcess.Of).Order().ToList();
        Assert.True(listening.SequenceEqual(reported.Values.Select(r => r.Pid).Order()),
            $"instances report pids [{string.Join(", ", reported.Values.Select(r => r.Pid))}], "
            + $"the matchmaker replicas' ports are held by [{string.Join(", ", listening)}]");
        Assert.All(reported.Values, r => Assert.Equal(Environment.MachineName, r.Host));
        return reported[LeaderId(view)!].Pid;
    }

    private static string? LeaderId(JsonElement view) =>
        view.GetProperty("leader") is { ValueKind: JsonValueKind.Object } leader ? leader.GetProperty("instance_id").GetString() : null;

    private static int QueueDepth(JsonElement view) =>
        view.GetProperty("queues").EnumerateArray().Where(q => q.GetProperty("mode").GetString() == Mode)
            .Select(q => q.GetProperty("tickets").GetInt32()).SingleOrDefault();

    private static async Task QueueAsync(WsClient socket)
    {
        await socket.SendAsync("matchmaker.add", new { mode = Mode }, "q");
        var queued = await socket.ReceiveTypeAsync("matchmaker.queued");
        Assert.Equal("pending", queued.GetProperty("payload").GetProperty("status").GetString());
    }

    private async Task AssertRecordedOnceAsync(IReadOnlyList<Player> players, Guid matchId)
    {
        var ids = players.Select(p => p.Id).ToArray();
        await using var conn = new NpgsqlConnection(cluster.DatabaseConnectionString + ";Pooling=false");
        await conn.OpenAsync();
        await using (var records = new NpgsqlCommand("SELECT match_id FROM match_records WHERE players && $1", conn))
        {
            records.Parameters.Add(new() { Value = ids });
            await using var row = await records.ExecuteReaderAsync();
            var found = new List<Guid>();
            while (await row.ReadAsync())
            {
                found.Add(row.GetGuid(0));
            }

            Assert.Equal([matchId], found);
        }

        await using var tickets = new NpgsqlCommand(
            "SELECT player_id, status, match_id FROM matchmaker_tickets WHERE player_id = ANY ($1)", conn);
        tickets.Parameters.Add(new() { Value = ids });
        await using var t = await tickets.ExecuteReaderAsync();
        var rows = new List<(Guid Player, string Status, Guid? Match)>();
        while (await t.ReadAsync())
        {
            rows.Add((t.GetGuid(0), t.GetString(1), t.IsDBNull(2) ? null : t.GetGuid(2)));
        }

        Assert.Equal(ids.Order(), rows.Select(r => r.Player).Order());
        Assert.All(rows, r => Assert.Equal(("matched", (Guid?)matchId), (r.Status, r.Match)));
    }

    /// <summary>Counts <c>match.matched</c> frames arriving within <paramref name="window"/>; the socket is spent afterwards.</summary>
    private static async Task<int> CountMatchedAsync(WsClient socket, TimeSpan window)
    {
        var count = 0;
        var deadline = Stopwatch.StartNew();
        try
        {
            while (deadline.Elapsed < window)
            {
                var frame = await socket.ReceiveAsync(window - deadline.Elapsed);
                count += frame.GetProperty("type").GetString() == "match.matched" ? 1 : 0;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The window ended while waiting for a frame.
        }

        return count;
    }
}
