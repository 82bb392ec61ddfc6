using Asobi.IntegrationTests.Support;
using Asobi.Matchmaker;

namespace Asobi.IntegrationTests.Matchmaking;

/// <summary>A party queued on two different nodes lands in one match and one team.</summary>
public sealed class PartyTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Duo = new()
    {
        ["Asobi:Modes:duo:Game"] = "demo",
        ["Asobi:Modes:duo:MatchSize"] = "4",
        ["Asobi:Modes:duo:Teams"] = "2",
    };

    private NodeHost a = null!;
    private NodeHost b = null!;
    private MatchmakerLeader leader = null!;

    public async Task InitializeAsync()
    {
        a = await NodeHost.StartAsync(db.ConnectionString, Duo);
        b = await NodeHost.StartAsync(db.ConnectionString, Duo);
        leader = await MatchmakerInstance.StartAsync(a, db.ConnectionString, "mm-party");
    }

    public async Task DisposeAsync()
    {
        await leader.StopAsync();
        await a.DisposeAsync();
        await b.DisposeAsync();
    }

    [Fact]
    public async Task Party_members_queued_on_different_nodes_play_in_the_same_match_and_team()
    {
        var clients = new List<(Player Player, WsClient Socket)>();
        foreach (var (host, party) in new[] { (a, "friends"), (b, (string?)null), (b, "friends"), (a, null) })
        {
            var p = await host.Api.RegisterAsync();
            var (ws, _) = await WsClient.ConnectAndAuthenticateAsync(host.WsUrl, p.AccessToken);
            clients.Add((p, ws));
            await ws.SendAsync("matchmaker.add", new { mode = "duo", party_id = party }, "q");
            await ws.ReceiveTypeAsync("matchmaker.queued");
        }

        try
        {
            var matched = new List<System.Text.Json.JsonElement>();
            foreach (var (_, ws) in clients)
            {
                matched.Add((await ws.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(10))).GetProperty("payload"));
            }

            Assert.Single(matched.Select(m => m.GetProperty("match_id").GetString()).Distinct());
            var teams = matched[0].GetProperty("teams").EnumerateArray()
                .Select(t => t.EnumerateArray().Select(x => x.GetGuid()).ToHashSet()).ToList();
            Assert.Equal(2, teams.Count);
            Assert.Contains(teams, t => t.SetEquals([clients[0].Player.Id, clients[2].Player.Id]));
        }
        finally
        {
            foreach (var (_, ws) in clients)
            {
                await ws.DisposeAsync();
            }
        }
    }
}
