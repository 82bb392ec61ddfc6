using System.Net;
using Asobi.Node.Leaderboards;

namespace Asobi.IntegrationTests.Leaderboards;

public sealed class LeaderboardNodeFixture : IAsyncLifetime
{
    public NodeHost Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = await TestPostgres.SharedAsync();
        Node = await NodeHost.StartAsync(await server.CreateDatabaseAsync("lb"), LeaderboardSettings.Boards());
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

public sealed class LeaderboardApiTests(LeaderboardNodeFixture fixture) : IClassFixture<LeaderboardNodeFixture>
{
    private AsobiApiClient Api => fixture.Node.Api;

    [Fact]
    public async Task Best_keeps_the_higher_score_and_ranks_players_in_order()
    {
        var a = await Api.RegisterAsync();
        var b = await Api.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await Api.PostAsync("leaderboards/arena", new { score = 50 }, a.AccessToken)).Status);
        var (status, body) = await Api.PostAsync("leaderboards/arena", new { score = 10 }, a.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(50, body.GetProperty("score").GetInt64());
        await Api.PostAsync("leaderboards/arena", new { score = 70 }, b.AccessToken);

        var (_, me) = await Api.GetAsync("leaderboards/arena/me", a.AccessToken);
        var (_, meB) = await Api.GetAsync("leaderboards/arena/me", b.AccessToken);
        Assert.Equal(meB.GetProperty("rank").GetInt64() + 1, me.GetProperty("rank").GetInt64());

        var (_, around) = await Api.GetAsync($"leaderboards/arena/around/{a.Id}?range=1", a.AccessToken);
        var ids = around.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("player_id").GetGuid()).ToList();
        Assert.Contains(a.Id, ids);
        Assert.Contains(b.Id, ids);
    }

    [Fact]
    public async Task Incr_and_decr_accumulate_in_the_database()
    {
        var p = await Api.RegisterAsync();
        await Api.PostAsync("leaderboards/coins", new { score = 5 }, p.AccessToken);
        var (_, body) = await Api.PostAsync("leaderboards/coins", new { score = 7 }, p.AccessToken);
        Assert.Equal(12, body.GetProperty("score").GetInt64());
        await Api.PostAsync("leaderboards/debt", new { score = 5 }, p.AccessToken);
        (_, body) = await Api.PostAsync("leaderboards/debt", new { score = 2 }, p.AccessToken);
        Assert.Equal(-7, body.GetProperty("score").GetInt64());
    }

    [Fact]
    public async Task Latest_replaces_and_ascending_boards_rank_the_lowest_first()
    {
        var p = await Api.RegisterAsync();
        await Api.PostAsync("leaderboards/latest", new { score = 50 }, p.AccessToken);
        var (_, body) = await Api.PostAsync("leaderboards/latest", new { score = 3 }, p.AccessToken);
        Assert.Equal(3, body.GetProperty("score").GetInt64());

        var fast = await Api.RegisterAsync();
        var slow = await Api.RegisterAsync();
        await Api.PostAsync("leaderboards/speedrun", new { score = 900 }, slow.AccessToken);
        await Api.PostAsync("leaderboards/speedrun", new { score = 100 }, fast.AccessToken);
        await Api.PostAsync("leaderboards/speedrun", new { score = 950 }, fast.AccessToken); // worse: kept at 100
        var (_, top) = await Api.GetAsync("leaderboards/speedrun?limit=2", fast.AccessToken);
        var entries = top.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(fast.Id, entries[0].GetProperty("player_id").GetGuid());
        Assert.Equal(100, entries[0].GetProperty("score").GetInt64());
    }

    [Fact]
    public async Task Top_is_paged_with_a_next_offset()
    {
        for (var i = 0; i < 5; i++)
        {
            var p = await Api.RegisterAsync();
            await Api.PostAsync("leaderboards/latest", new { score = 1000 + i }, p.AccessToken);
        }

        var reader = await Api.RegisterAsync();
        var (_, first) = await Api.GetAsync("leaderboards/latest?limit=2", reader.AccessToken);
        Assert.Equal(2, first.GetProperty("entries").GetArrayLength());
        Assert.Equal(2, first.GetProperty("next_offset").GetInt64());
        var (_, second) = await Api.GetAsync("leaderboards/latest?limit=2&offset=2", reader.AccessToken);
        Assert.Equal(3, second.GetProperty("entries")[0].GetProperty("rank").GetInt64());
    }

    [Fact]
    public async Task Clients_cannot_submit_to_a_server_only_board_but_the_server_can()
    {
        var p = await Api.RegisterAsync();
        var (status, body) = await Api.PostAsync("leaderboards/ranked", new { score = 5 }, p.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("leaderboard.client_submit_disabled", body.GetProperty("error").GetProperty("code").GetString());

        var result = await fixture.Node.Service<LeaderboardService>().SubmitAsync("ranked", p.Id, 5, fromClient: false, default);
        Assert.Equal(SubmitOutcome.Stored, result.Outcome);
        Assert.Equal(1, result.Entry!.Value.Rank);
    }

    [Fact]
    public async Task Bad_requests_get_clear_errors()
    {
        var p = await Api.RegisterAsync();
        var (status, body) = await Api.GetAsync("leaderboards/nope", p.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("leaderboard.not_found", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Api.GetAsync("leaderboards/arena?limit=1000", p.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Api.GetAsync($"leaderboards/arena/around/{p.Id}?range=999", p.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Api.PostAsync("leaderboards/arena", new { points = 1 }, p.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("leaderboards/arena/me", p.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.GetAsync("leaderboards/arena")).Status);

        await Api.PostAsync("leaderboards/coins", new { score = long.MaxValue }, p.AccessToken);
        (status, body) = await Api.PostAsync("leaderboards/coins", new { score = 1 }, p.AccessToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("leaderboard.score_out_of_range", body.GetProperty("error").GetProperty("code").GetString());
    }
}
