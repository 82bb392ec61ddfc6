using System.Text.Json;
using Asobi.Cluster;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Matches;

/// <summary><c>match.find_or_create</c> with two nodes on one database: open matches anywhere are found before a new one is made.</summary>
public sealed class FindOrCreateAcrossNodesTests(DatabaseFixture db) : TwoNodeTests(db)
{
    private static JsonElement Payload(JsonElement frame) => frame.GetProperty("payload");

    private static string Code(JsonElement error) => Payload(error).GetProperty("error").GetProperty("code").GetString()!;

    private static async Task<(Player Player, WsClient Socket)> ConnectAsync(NodeHost node)
    {
        var player = await node.Api.RegisterAsync();
        var (socket, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, player.AccessToken, WsClient.Migrating);
        return (player, socket);
    }

    private static async Task<JsonElement> FindOrCreateAsync(WsClient socket, string mode)
    {
        await socket.SendAsync("match.find_or_create", new { mode }, "f");
        var reply = await socket.ReceiveAsync();
        while (reply.GetProperty("type").GetString() == "match.state")
        {
            reply = await socket.ReceiveAsync();
        }

        Assert.Equal("f", reply.GetProperty("cid").GetString());
        return reply;
    }

    private static async Task WaitForSeatsAsync(NodeHost node, Player asker, string matchId, int seats) =>
        await Eventually.TrueAsync(async () =>
            (await node.Api.GetAsync($"matches/{matchId}", asker.AccessToken)).Body.GetProperty("players").GetArrayLength() == seats,
            TimeSpan.FromSeconds(5), "the match record never listed its players");

    [Fact]
    public async Task An_open_match_on_node_A_is_found_from_node_B_which_redirects_the_player_there()
    {
        var (p1, onA) = await ConnectAsync(A);
        var (p2, onB) = await ConnectAsync(B);
        await using var _ = onA;
        await using var __ = onB;
        var created = await FindOrCreateAsync(onA, "tictactoe");
        Assert.Equal("match.joined", created.GetProperty("type").GetString());
        var matchId = Payload(created).GetProperty("match_id").GetString();

        var redirect = await FindOrCreateAsync(onB, "tictactoe");
        Assert.Equal("match.migrate", redirect.GetProperty("type").GetString());
        Assert.Equal(matchId, Payload(redirect).GetProperty("match_id").GetString());
        Assert.Equal(A.Service<NodeIdentity>().NodeId, Payload(redirect).GetProperty("node_id").GetString());
        Assert.Equal(A.WsUrl, Payload(redirect).GetProperty("url").GetString());

        // The client follows the redirect and takes the free seat.
        var (moved, ___) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, p2.AccessToken, WsClient.Migrating);
        await using var ____ = moved;
        await moved.SendAsync("match.join", new { match_id = matchId }, "j");
        var joined = Payload(await moved.ReceiveTypeAsync("match.joined"));
        Assert.Equal(2, joined.GetProperty("player_count").GetInt32());
        Assert.Contains(p1.Id.ToString(), joined.GetProperty("players").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task With_no_open_match_anywhere_a_new_one_is_created_on_the_asking_node()
    {
        var (_, onB) = await ConnectAsync(B);
        await using var __ = onB;
        var created = await FindOrCreateAsync(onB, "tugofwar");
        Assert.Equal("match.joined", created.GetProperty("type").GetString());
        Assert.Equal(B.Service<NodeIdentity>().NodeId, Payload(created).GetProperty("node_id").GetString());
        Assert.Equal("waiting", Payload(created).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_full_match_on_another_node_is_not_chosen()
    {
        var (p1, c1) = await ConnectAsync(A);
        var (_, c2) = await ConnectAsync(A);
        var (_, onB) = await ConnectAsync(B);
        await using var _ = c1;
        await using var __ = c2;
        await using var ___ = onB;
        var full = Payload(await FindOrCreateAsync(c1, "tictactoe")).GetProperty("match_id").GetString()!;
        Assert.Equal(full, Payload(await FindOrCreateAsync(c2, "tictactoe")).GetProperty("match_id").GetString());
        await WaitForSeatsAsync(A, p1, full, 2);

        var reply = await FindOrCreateAsync(onB, "tictactoe");
        Assert.Equal("match.joined", reply.GetProperty("type").GetString());
        Assert.NotEqual(full, Payload(reply).GetProperty("match_id").GetString());
        Assert.Equal(B.Service<NodeIdentity>().NodeId, Payload(reply).GetProperty("node_id").GetString());
    }

    [Fact]
    public async Task A_redirected_player_whose_match_filled_meanwhile_is_told_it_is_full_and_can_look_again()
    {
        var (_, c1) = await ConnectAsync(A);
        var (late, onB) = await ConnectAsync(B);
        var (_, c3) = await ConnectAsync(A);
        await using var _ = c1;
        await using var __ = onB;
        await using var ___ = c3;
        var matchId = Payload(await FindOrCreateAsync(c1, "tictactoe")).GetProperty("match_id").GetString();
        Assert.Equal("match.migrate", (await FindOrCreateAsync(onB, "tictactoe")).GetProperty("type").GetString());

        // Someone on the host takes the last seat before the redirected player arrives.
        Assert.Equal(matchId, Payload(await FindOrCreateAsync(c3, "tictactoe")).GetProperty("match_id").GetString());
        var (moved, ____) = await WsClient.ConnectAndAuthenticateAsync(A.WsUrl, late.AccessToken, WsClient.Migrating);
        await using var _____ = moved;
        await moved.SendAsync("match.join", new { match_id = matchId }, "j");
        Assert.Equal("match.full", Code(await moved.ReceiveTypeAsync("error")));

        var again = await FindOrCreateAsync(moved, "tictactoe");
        Assert.Equal("match.joined", again.GetProperty("type").GetString());
        Assert.NotEqual(matchId, Payload(again).GetProperty("match_id").GetString());
    }
}
