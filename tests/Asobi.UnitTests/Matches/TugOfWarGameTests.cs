using System.Text.Json;
using Asobi.Node.Http;
using Asobi.Node.Matches.Games;

namespace Asobi.UnitTests.Matches;

public sealed class TugOfWarGameTests
{
    private static readonly JsonElement Pull = JsonSerializer.SerializeToElement(new { pull = true });
    private readonly Guid a1 = Guid.NewGuid();
    private readonly Guid a2 = Guid.NewGuid();
    private readonly Guid b1 = Guid.NewGuid();
    private readonly Guid b2 = Guid.NewGuid();

    private static JsonElement State(TugOfWarGame game) => JsonSerializer.SerializeToElement(game.State(null), ApiJson.Options);

    private static JsonElement Result(GameResult result) => JsonSerializer.SerializeToElement(result.Result, ApiJson.Options);

    private (TugOfWarGame Game, MatchGameContext Context) Started()
    {
        var context = new MatchGameContext(Guid.NewGuid(), "tugofwar", new Random(1), [[a1, a2], [b1, b2]]);
        var game = new TugOfWarGame(context);
        foreach (var p in new[] { a1, b1, a2, b2 })
        {
            game.Join(p);
        }

        return (game, context);
    }

    [Fact]
    public void Players_take_the_teams_the_matchmaker_formed_and_the_game_starts_with_the_fourth()
    {
        var context = new MatchGameContext(Guid.NewGuid(), "tugofwar", new Random(1), [[a1, a2], [b1, b2]]);
        var game = new TugOfWarGame(context);
        game.Join(a1);
        game.Join(a2);
        game.Join(b1);
        Assert.Equal("waiting", State(game).GetProperty("phase").GetString());
        Assert.Empty(context.DrainEvents());

        game.Join(b2);
        var state = State(game);
        Assert.Equal("playing", state.GetProperty("phase").GetString());
        Assert.Equal([a1.ToString(), a2.ToString()], state.GetProperty("teams")[0].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([b1.ToString(), b2.ToString()], state.GetProperty("teams")[1].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["started"], context.DrainEvents().Select(e => e.Name));
    }

    [Fact]
    public void Without_matchmaker_teams_each_arrival_joins_the_smaller_team()
    {
        var game = new TugOfWarGame(new MatchGameContext(Guid.NewGuid(), "tugofwar", new Random(1)));
        foreach (var p in new[] { a1, b1, a2, b2 })
        {
            game.Join(p);
        }

        var teams = State(game).GetProperty("teams");
        Assert.Equal([a1.ToString(), a2.ToString()], teams[0].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([b1.ToString(), b2.ToString()], teams[1].EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_fifth_player_or_a_second_join_changes_nothing()
    {
        var (game, _) = Started();
        game.Join(a1);
        game.Join(Guid.NewGuid());
        var teams = State(game).GetProperty("teams");
        Assert.Equal(2, teams[0].GetArrayLength());
        Assert.Equal(2, teams[1].GetArrayLength());
    }

    [Fact]
    public void Pulling_before_everyone_is_in_or_with_a_bad_input_is_refused_with_an_event()
    {
        var context = new MatchGameContext(Guid.NewGuid(), "tugofwar", new Random(1), [[a1, a2], [b1, b2]]);
        var game = new TugOfWarGame(context);
        game.Join(a1);
        game.HandleInput(a1, Pull);
        var early = Assert.Single(context.DrainEvents());
        Assert.Equal("invalid_input", early.Name);
        Assert.Contains("waiting_for_players", JsonSerializer.Serialize(early.Payload), StringComparison.Ordinal);

        var (started, ctx) = Started();
        ctx.DrainEvents();
        started.HandleInput(a1, JsonSerializer.SerializeToElement(new { pull = 1 }));
        started.HandleInput(a1, JsonSerializer.SerializeToElement(new { push = true }));
        started.HandleInput(a1, JsonSerializer.SerializeToElement("pull"));
        Assert.Equal(["invalid_input", "invalid_input", "invalid_input"], ctx.DrainEvents().Select(e => e.Name));
        Assert.Equal(0, State(started).GetProperty("rope").GetInt32());
    }

    [Fact]
    public void Each_player_pulls_at_most_once_per_tick_towards_their_side()
    {
        var (game, _) = Started();
        game.HandleInput(a1, Pull);
        game.HandleInput(a1, Pull);
        game.HandleInput(a1, Pull);
        game.HandleInput(b1, Pull);
        game.HandleInput(b2, Pull);
        Assert.Null(game.Tick(TimeSpan.FromMilliseconds(100)));
        var state = State(game);
        Assert.Equal(1, state.GetProperty("rope").GetInt32());
        Assert.Equal(1, state.GetProperty("pulls").GetProperty(a1.ToString()).GetInt32());

        game.HandleInput(a1, Pull);
        game.HandleInput(a2, Pull);
        Assert.Null(game.Tick(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(-1, State(game).GetProperty("rope").GetInt32());
    }

    [Fact]
    public void The_first_team_to_drag_the_rope_to_the_target_wins_and_the_result_names_its_players()
    {
        var (game, _) = Started();
        GameResult? result = null;
        for (var tick = 0; tick < TugOfWarGame.Target && result is null; tick++)
        {
            game.HandleInput(b1, Pull);
            game.HandleInput(b2, Pull);
            game.HandleInput(a1, Pull);
            result = game.Tick(TimeSpan.FromMilliseconds(100));
        }

        Assert.NotNull(result);
        Assert.Equal([b1, b2], result.AllWinners);
        var body = Result(result);
        Assert.Equal(1, body.GetProperty("winning_team").GetInt32());
        Assert.Equal("pulled", body.GetProperty("reason").GetString());
        Assert.Equal(TugOfWarGame.Target, body.GetProperty("rope").GetInt32());
        var pulls = body.GetProperty("pulls");
        int Pulls(Guid p) => pulls.GetProperty(p.ToString()).GetInt32();
        Assert.Equal(TugOfWarGame.Target, Pulls(b1) + Pulls(b2) - Pulls(a1) - Pulls(a2)); // every counted pull moved the rope
        Assert.Equal("finished", State(game).GetProperty("phase").GetString());

        // Over: inputs no longer move the rope.
        game.HandleInput(a1, Pull);
        Assert.Equal(TugOfWarGame.Target, State(game).GetProperty("rope").GetInt32());
    }

    [Fact]
    public void A_team_whose_players_all_leave_during_play_loses_by_forfeit()
    {
        var (game, _) = Started();
        game.Leave(a1);
        Assert.Null(game.Tick(TimeSpan.Zero));
        game.Leave(a2);
        var result = game.Tick(TimeSpan.Zero);
        Assert.NotNull(result);
        Assert.Equal([b1, b2], result.AllWinners);
        Assert.Equal("forfeit", Result(result).GetProperty("reason").GetString());
    }

    [Fact]
    public void Leaving_before_the_start_frees_the_place_and_ends_nothing()
    {
        var game = new TugOfWarGame(new MatchGameContext(Guid.NewGuid(), "tugofwar", new Random(1)));
        game.Join(a1);
        game.Join(b1);
        game.Leave(a1);
        Assert.Null(game.Tick(TimeSpan.Zero));
        game.Join(a2);
        game.Join(b2);
        game.Join(a1);
        var state = State(game);
        Assert.Equal("playing", state.GetProperty("phase").GetString());
        Assert.Equal(2, state.GetProperty("teams")[0].GetArrayLength());
    }
}
