using System.Text.Json;
using Asobi.Testing;
using Npgsql;

namespace Asobi.ClusterTests.Matchmaking;

/// <summary>
/// The whole-cluster scenario: four players on two replicas queue for a 2v2 mode, the match runs on one node, the
/// others migrate there, the game is played to its end by the clients and every player sees the recorded result.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FourPlayerMatchClusterTests(ClusterFixture cluster)
{
    private static readonly TimeSpan FrameWait = TimeSpan.FromSeconds(10);

    private static string WsUrl(Replica node) => $"ws://{node.Url.Host}:{node.Url.Port}/ws";

    private static JsonElement Payload(JsonElement frame) => frame.GetProperty("payload");

    [Fact]
    public async Task Four_players_on_two_replicas_meet_on_one_host_play_tug_of_war_to_the_end_and_the_result_is_recorded()
    {
        var api = new AsobiApiClient(cluster.Http);
        var players = new List<Player>();
        for (var i = 0; i < 4; i++)
        {
            players.Add(await api.RegisterAsync());
        }

        // Two players on each of two replicas, each connected straight to its replica.
        string[] homes = [WsUrl(cluster.Nodes[0]), WsUrl(cluster.Nodes[0]), WsUrl(cluster.Nodes[1]), WsUrl(cluster.Nodes[1])];
        var sockets = new Dictionary<Guid, WsClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                sockets[players[i].Id] = (await WsClient.ConnectAndAuthenticateAsync(homes[i], players[i].AccessToken, WsClient.Migrating)).Client;
            }

            foreach (var p in players)
            {
                await sockets[p.Id].SendAsync("matchmaker.add", new { mode = "tugofwar" }, "q");
                Assert.Equal("pending", Payload(await sockets[p.Id].ReceiveTypeAsync("matchmaker.queued")).GetProperty("status").GetString());
            }

            // Everyone hears of one match, hosted on one of the two replicas the players are on.
            var matched = new Dictionary<Guid, JsonElement>();
            foreach (var p in players)
            {
                matched[p.Id] = Payload(await sockets[p.Id].ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(15)));
            }

            var matchId = matched[players[0].Id].GetProperty("match_id").GetString()!;
            Assert.All(matched.Values, m => Assert.Equal(matchId, m.GetProperty("match_id").GetString()));
            var hostUrl = matched[players[0].Id].GetProperty("url").GetString()!;
            var hostNode = matched[players[0].Id].GetProperty("node_id").GetString()!;
            Assert.Contains(hostUrl, homes);
            var teams = matched[players[0].Id].GetProperty("teams").EnumerateArray()
                .Select(t => t.EnumerateArray().Select(e => e.GetGuid()).ToList()).ToList();
            Assert.Equal(2, teams.Count);
            Assert.All(teams, t => Assert.Equal(2, t.Count));

            // The host joins its own players; the other two are told to migrate, reconnect there and join.
            for (var i = 0; i < 4; i++)
            {
                var p = players[i];
                if (homes[i] == hostUrl)
                {
                    Assert.Equal(matchId, Payload(await sockets[p.Id].ReceiveTypeAsync("match.joined")).GetProperty("match_id").GetString());
                    continue;
                }

                var migrate = Payload(await sockets[p.Id].ReceiveTypeAsync("match.migrate"));
                Assert.Equal(matchId, migrate.GetProperty("match_id").GetString());
                Assert.Equal(hostNode, migrate.GetProperty("node_id").GetString());
                Assert.Equal(hostUrl, migrate.GetProperty("url").GetString());
                await sockets[p.Id].DisposeAsync();
                sockets[p.Id] = (await WsClient.ConnectAndAuthenticateAsync(hostUrl, p.AccessToken, WsClient.Migrating)).Client;
                await sockets[p.Id].SendAsync("match.join", new { match_id = matchId }, "join");
                var joined = await sockets[p.Id].ReceiveTypeAsync("match.joined");
                Assert.Equal("join", joined.GetProperty("cid").GetString());
                Assert.Equal(hostNode, Payload(joined).GetProperty("node_id").GetString());
            }

            // All four in: the game starts. Team 0 pulls once per state it sees, team 1 does not; team 0 wins.
            var finished = await Task.WhenAll(players.Select(p => PlayUntilFinishedAsync(sockets[p.Id], pull: teams[0].Contains(p.Id))));
            foreach (var f in finished)
            {
                Assert.Equal(matchId, f.GetProperty("match_id").GetString());
                var result = f.GetProperty("result");
                Assert.Equal(0, result.GetProperty("winning_team").GetInt32());
                Assert.Equal("pulled", result.GetProperty("reason").GetString());
                Assert.Equal(teams[0].Select(t => t.ToString()).Order(), result.GetProperty("winners").EnumerateArray().Select(w => w.GetString()!).Order());
            }

            // Recorded before the push: the row is there with the result, and the winners' stats count the win.
            // Unpooled: another test in the collection restarts PostgreSQL, which would break a pooled connection left idle.
            await using var conn = new NpgsqlConnection(cluster.DatabaseConnectionString + ";Pooling=false");
            await conn.OpenAsync();
            await using (var cmd = new NpgsqlCommand("SELECT status, node_id, result::text, cardinality(players) FROM match_records WHERE match_id = $1", conn))
            {
                cmd.Parameters.Add(new() { Value = Guid.Parse(matchId) });
                await using var row = await cmd.ExecuteReaderAsync();
                Assert.True(await row.ReadAsync(), "no match_records row");
                Assert.Equal("finished", row.GetString(0));
                Assert.Equal(hostNode, row.GetString(1));
                using var result = JsonDocument.Parse(row.GetString(2));
                Assert.Equal(0, result.RootElement.GetProperty("winning_team").GetInt32());
                Assert.Equal(-10, result.RootElement.GetProperty("rope").GetInt32());
                Assert.Equal(4, row.GetInt32(3));
            }

            await using (var stats = new NpgsqlCommand(
                "SELECT count(*) FILTER (WHERE wins = 1), count(*) FROM player_match_stats WHERE mode = 'tugofwar' AND last_match = $1", conn))
            {
                stats.Parameters.Add(new() { Value = Guid.Parse(matchId) });
                await using var row = await stats.ExecuteReaderAsync();
                await row.ReadAsync();
                Assert.Equal(2, row.GetInt64(0));
                Assert.Equal(4, row.GetInt64(1));
            }
        }
        finally
        {
            foreach (var s in sockets.Values)
            {
                await s.DisposeAsync();
            }
        }
    }

    /// <summary>Reads frames until <c>match.finished</c>; when <paramref name="pull"/>, answers each playing state with a pull.</summary>
    private static async Task<JsonElement> PlayUntilFinishedAsync(WsClient socket, bool pull)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var frame = await socket.ReceiveAsync(FrameWait).WaitAsync(deadline.Token);
            var type = frame.GetProperty("type").GetString();
            if (type == "match.finished")
            {
                return Payload(frame);
            }

            if (pull && type == "match.state" && Payload(frame).GetProperty("phase").GetString() == "playing")
            {
                await socket.SendAsync("match.input", new { pull = true });
            }
        }
    }
}
