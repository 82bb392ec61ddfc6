using Asobi.IntegrationTests.Support;
using Asobi.Matchmaker;

namespace Asobi.IntegrationTests.Matchmaking;

/// <summary>A party queued on two different nodes lands in one match and one team.</summary>
public sealed class PartyTests(DatabaseFixture db) : TwoNodeTests(db)
{
    private static readonly Dictionary<string, string?> Duo = new()
    {
        ["Asobi:Modes:duo:Game"] = "demo",
        ["Asobi:Modes:duo:MatchSize"] = "4",
        ["Asobi:Modes:duo:Teams"] = "2",
    };

    private MatchmakerLeader leader = null!;

    protected override IDictionary<string, string?>? NodeSettings => Duo;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        leader = await MatchmakerInstance.StartAsync(A, ConnectionString, "mm-party");
    }

    public override async Task DisposeAsync()
    {
        await leader.StopAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Party_members_queued_on_different_nodes_play_in_the_same_match_and_team()
    {
        var clients = new List<(Player Player, WsClient Socket)>();
        foreach (var (host, party) in new[] { (A, "friends"), (B, (string?)null), (B, "friends"), (A, null) })
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
