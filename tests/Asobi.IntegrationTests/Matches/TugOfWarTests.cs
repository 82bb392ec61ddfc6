using System.Text.Json;
using Asobi.IntegrationTests.Support;
using Npgsql;

namespace Asobi.IntegrationTests.Matches;

/// <summary>The 2v2 mode on one node without the matchmaker: four <c>match.find_or_create</c> calls fill one match, which is played out.</summary>
public sealed class TugOfWarTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private static JsonElement Payload(JsonElement frame) => frame.GetProperty("payload");

    [Fact]
    public async Task Four_players_who_find_or_create_share_one_match_split_two_against_two_and_the_pulling_team_wins()
    {
        var node = fixture.Node;
        var players = new List<(Player Player, WsClient Socket)>();
        try
        {
            string? matchId = null;
            for (var i = 0; i < 4; i++)
            {
                var p = await node.Api.RegisterAsync();
                var (socket, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, p.AccessToken);
                players.Add((p, socket));
                await socket.SendAsync("match.find_or_create", new { mode = "tugofwar" }, "f");
                var joined = Payload(await socket.ReceiveTypeAsync("match.joined"));
                matchId ??= joined.GetProperty("match_id").GetString();
                Assert.Equal(matchId, joined.GetProperty("match_id").GetString());
            }

            // Once everyone is in, the state says playing and names the teams; team 0 pulls, team 1 does not.
            var state = default(JsonElement);
            await Eventually.TrueAsync(async () =>
            {
                state = Payload(await players[0].Socket.ReceiveTypeAsync("match.state"));
                return state.GetProperty("phase").GetString() == "playing";
            }, TimeSpan.FromSeconds(5), "the game never started");
            var team0 = state.GetProperty("teams")[0].EnumerateArray().Select(e => Guid.Parse(e.GetString()!)).ToHashSet();
            Assert.Equal(2, team0.Count);
            Assert.Equal(2, state.GetProperty("teams")[1].GetArrayLength());

            var results = await Task.WhenAll(players.Select(async p =>
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                while (true)
                {
                    var frame = await p.Socket.ReceiveAsync().WaitAsync(deadline.Token);
                    var type = frame.GetProperty("type").GetString();
                    if (type == "match.finished")
                    {
                        return Payload(frame);
                    }

                    if (type == "match.state" && team0.Contains(p.Player.Id))
                    {
                        await p.Socket.SendAsync("match.input", new { pull = true });
                    }
                }
            }));

            Assert.All(results, r => Assert.Equal(0, r.GetProperty("result").GetProperty("winning_team").GetInt32()));

            await using var conn = new NpgsqlConnection(fixture.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT player_id, wins FROM player_match_stats WHERE mode = 'tugofwar' AND last_match = $1", conn)
            {
                Parameters = { new() { Value = Guid.Parse(matchId!) } },
            };
            var wins = new Dictionary<Guid, int>();
            await using (var row = await cmd.ExecuteReaderAsync())
            {
                while (await row.ReadAsync())
                {
                    wins[row.GetGuid(0)] = row.GetInt32(1);
                }
            }

            Assert.Equal(4, wins.Count);
            Assert.All(wins, w => Assert.Equal(team0.Contains(w.Key) ? 1 : 0, w.Value));
        }
        finally
        {
            foreach (var (_, socket) in players)
            {
                await socket.DisposeAsync();
            }
        }
    }
}
