using System.Net;
using Asobi.IntegrationTests.Support;

namespace Asobi.IntegrationTests.Matchmaking;

/// <summary>Tickets through the socket and REST on one node (no matchmaker running, so tickets stay pending).</summary>
public sealed class TicketTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private NodeHost node = null!;

    public async Task InitializeAsync() => node = await NodeHost.StartAsync(db.ConnectionString, new Dictionary<string, string?>
    {
        ["Asobi:Modes:tiny:Game"] = "demo",
        ["Asobi:Modes:tiny:MatchSize"] = "2",
        ["Asobi:Modes:tiny:QueueCap"] = "1",
    });

    public async Task DisposeAsync() => await node.DisposeAsync();

    [Fact]
    public async Task Queueing_twice_for_a_mode_returns_the_same_ticket_marked_already_queued()
    {
        var p = await node.Api.RegisterAsync();
        var (ws, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, p.AccessToken);
        await using var _ = ws;

        await ws.SendAsync("matchmaker.add", new { mode = "demo", properties = new { skill = 1200, region = "eu" } }, "1");
        var first = (await ws.ReceiveTypeAsync("matchmaker.queued")).GetProperty("payload");
        await ws.SendAsync("matchmaker.add", new { mode = "demo" }, "2");
        var second = (await ws.ReceiveTypeAsync("matchmaker.queued")).GetProperty("payload");

        Assert.False(first.GetProperty("already_queued").GetBoolean());
        Assert.Equal(2, first.GetProperty("players_needed").GetInt32());
        Assert.True(second.GetProperty("already_queued").GetBoolean());
        Assert.Equal(first.GetProperty("ticket_id").GetString(), second.GetProperty("ticket_id").GetString());
    }

    [Fact]
    public async Task An_unknown_mode_is_refused_with_matchmaker_unknown_mode()
    {
        var p = await node.Api.RegisterAsync();
        var (ws, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, p.AccessToken);
        await using var _ = ws;
        await ws.SendAsync("matchmaker.add", new { mode = "chess960" }, "x");
        var error = await ws.ReceiveTypeAsync("error");
        Assert.Equal("matchmaker.unknown_mode", error.GetProperty("payload").GetProperty("error").GetProperty("code").GetString());

        var (status, body) = await node.Api.PostAsync("matchmaker", new { mode = "chess960" }, p.AccessToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("matchmaker.unknown_mode", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Properties_that_are_not_numbers_or_strings_are_refused()
    {
        var p = await node.Api.RegisterAsync();
        var (status, body) = await node.Api.PostAsync("matchmaker", new { mode = "demo", properties = new { nested = new { a = 1 } } }, p.AccessToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("matchmaker.invalid_properties", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_full_queue_refuses_new_tickets()
    {
        var p1 = await node.Api.RegisterAsync();
        var p2 = await node.Api.RegisterAsync();
        Assert.Equal(HttpStatusCode.Created, (await node.Api.PostAsync("matchmaker", new { mode = "tiny" }, p1.AccessToken)).Status);
        var (status, body) = await node.Api.PostAsync("matchmaker", new { mode = "tiny" }, p2.AccessToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("matchmaker.queue_full", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_ticket_can_be_read_and_withdrawn_only_by_its_player()
    {
        var owner = await node.Api.RegisterAsync();
        var other = await node.Api.RegisterAsync();
        var ticketId = (await node.Api.PostAsync("matchmaker", new { mode = "tictactoe" }, owner.AccessToken)).Body.GetProperty("ticket_id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await node.Api.GetAsync($"matchmaker/{ticketId}", other.AccessToken)).Status);
        var (_, mine) = await node.Api.GetAsync("matchmaker", owner.AccessToken);
        Assert.Single(mine.GetProperty("tickets").EnumerateArray());

        var (ws, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, other.AccessToken);
        await using var _ = ws;
        await ws.SendAsync("matchmaker.remove", new { ticket_id = ticketId }, "r");
        Assert.False((await ws.ReceiveTypeAsync("matchmaker.removed")).GetProperty("payload").GetProperty("success").GetBoolean());

        var (ownerWs, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, owner.AccessToken);
        await using var __ = ownerWs;
        await ownerWs.SendAsync("matchmaker.remove", new { ticket_id = ticketId }, "r");
        Assert.True((await ownerWs.ReceiveTypeAsync("matchmaker.removed")).GetProperty("payload").GetProperty("success").GetBoolean());
        var (_, ticket) = await node.Api.GetAsync($"matchmaker/{ticketId}", owner.AccessToken);
        Assert.Equal("removed", ticket.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Modes_are_listed_publicly_and_the_matchmaker_view_has_its_shape_with_no_leader()
    {
        var (status, modes) = await node.Api.GetAsync("modes");
        Assert.Equal(HttpStatusCode.OK, status);
        var demo = Assert.Single(modes.GetProperty("modes").EnumerateArray(), m => m.GetProperty("mode").GetString() == "demo");
        Assert.Equal(2, demo.GetProperty("match_size").GetInt32());
        Assert.Equal(10, demo.GetProperty("tick_rate").GetInt32());
        Assert.Equal("fill", demo.GetProperty("strategy").GetString());

        var p = await node.Api.RegisterAsync();
        await node.Api.PostAsync("matchmaker", new { mode = "demo" }, p.AccessToken);
        var (_, view) = await node.Api.GetAsync("cluster/matchmaker", p.AccessToken);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("leader").ValueKind);
        Assert.Empty(view.GetProperty("instances").EnumerateArray());
        Assert.Contains(view.GetProperty("queues").EnumerateArray(), q => q.GetProperty("mode").GetString() == "demo" && q.GetProperty("tickets").GetInt32() >= 1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await node.Api.GetAsync("cluster/matchmaker")).Status);
    }
}
