using System.Text.Json;
using Asobi.Node.Http;
using Asobi.Node.Matches.Games;

namespace Asobi.UnitTests.Matches;

public sealed class DemoGameTests
{
    private readonly Guid a = Guid.NewGuid();

    private JsonElement Player(DemoGame game) =>
        JsonSerializer.SerializeToElement(game.State(null), ApiJson.Options).GetProperty("players").GetProperty(a.ToString());

    [Fact]
    public void A_player_spawns_inside_the_spawn_area_standing_still()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var game = new DemoGame(new MatchGameContext(Guid.NewGuid(), "demo", new Random(seed)));
            game.Join(a);
            var p = Player(game);
            Assert.InRange(p.GetProperty("x").GetDouble(), 50, 750);
            Assert.InRange(p.GetProperty("y").GetDouble(), 50, 550);
            Assert.Equal(0, p.GetProperty("move_x").GetDouble());
        }
    }

    [Fact]
    public void Input_is_clamped_and_movement_stops_at_the_arena_edge()
    {
        var game = new DemoGame(new MatchGameContext(Guid.NewGuid(), "demo", new Random(1)));
        game.Join(a);
        game.HandleInput(a, JsonSerializer.SerializeToElement(new { move_x = 5, move_y = -3 }));
        Assert.Equal(1, Player(game).GetProperty("move_x").GetDouble());
        Assert.Equal(-1, Player(game).GetProperty("move_y").GetDouble());
        for (var i = 0; i < 300; i++)
        {
            game.Tick(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(800, Player(game).GetProperty("x").GetDouble());
        Assert.Equal(0, Player(game).GetProperty("y").GetDouble());
    }

    [Fact]
    public void The_state_has_the_arena_the_clock_and_the_phase()
    {
        var game = new DemoGame(new MatchGameContext(Guid.NewGuid(), "demo", new Random(1)));
        game.Tick(TimeSpan.FromMilliseconds(100));
        var state = JsonSerializer.SerializeToElement(game.State(null), ApiJson.Options);
        Assert.Equal(800, state.GetProperty("arena_w").GetInt32());
        Assert.Equal(600, state.GetProperty("arena_h").GetInt32());
        Assert.Equal(100, state.GetProperty("elapsed_ms").GetInt64());
        Assert.Equal("playing", state.GetProperty("phase").GetString());
    }
}
