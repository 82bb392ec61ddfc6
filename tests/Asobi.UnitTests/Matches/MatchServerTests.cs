using System.Text.Json;
using Asobi.Node.Matches;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Matches;

public sealed class MatchServerTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider time = new();
    private readonly CapturedOutput output = new();
    private readonly Guid a = Guid.NewGuid();
    private readonly Guid b = Guid.NewGuid();

    private static JsonElement Move(double x, double y = 0) => JsonSerializer.SerializeToElement(new { move_x = x, move_y = y });

    private static double X(JsonElement stateFrame, Guid player) =>
        stateFrame.GetProperty("payload").GetProperty("players").GetProperty(player.ToString()).GetProperty("x").GetDouble();

    [Fact]
    public void Joining_sends_joined_then_the_current_state_and_every_tick_pushes_state()
    {
        var match = TestMatches.Demo(time, output, [a, b]);
        var (outcome, info, first) = match.Join(a);

        Assert.Equal(JoinOutcome.Joined, outcome);
        Assert.True(first);
        Assert.Equal(["match.joined", "match.state"], output.TypesOf(a));
        Assert.Equal(2, info.MaxPlayers);
        match.Tick(Tick);
        Assert.Equal(2, output.Of(a, "match.state").Count);
    }

    [Fact]
    public void Inputs_are_applied_in_arrival_order_at_the_next_tick()
    {
        var match = TestMatches.Demo(time, output, [a, b]);
        match.Join(a);
        match.Tick(Tick);
        var before = X(output.Of(a, "match.state")[^1], a);

        match.Input(a, Move(-1));
        match.Input(a, Move(1)); // the later input wins
        match.Tick(Tick);

        Assert.Equal(Math.Min(800, before + 4), X(output.Of(a, "match.state")[^1], a));
    }

    [Fact]
    public void An_input_flood_beyond_the_queue_is_dropped_and_counted_and_the_match_goes_on()
    {
        var match = TestMatches.Demo(time, output, [a, b], new MatchOptions { InputQueueCapacity = 4 });
        match.Join(a);

        var accepted = Enumerable.Range(0, 10).Count(_ => match.Input(a, Move(1)));

        Assert.Equal(4, accepted);
        Assert.Equal(6, match.DroppedInputs);
        Assert.False(match.Tick(Tick));
        Assert.True(match.Input(a, Move(1))); // the queue drained at the tick
    }

    [Fact]
    public void A_player_who_drops_keeps_the_seat_within_the_grace_period_and_rejoins_to_the_current_state()
    {
        var match = TestMatches.Demo(time, output, [a, b], new MatchOptions { SeatGrace = TimeSpan.FromSeconds(30) });
        match.Join(a);
        match.Join(b);
        match.Disconnected(a);
        time.Advance(TimeSpan.FromSeconds(29));
        match.Tick(Tick);

        var (outcome, info, first) = match.Join(a);

        Assert.Equal(JoinOutcome.Joined, outcome);
        Assert.False(first);
        Assert.Equal(2, info.PlayerCount);
        Assert.Equal("match.state", output.TypesOf(a)[^1]);
    }

    [Fact]
    public void A_player_who_never_arrives_or_stays_away_past_the_grace_period_loses_the_seat()
    {
        var match = TestMatches.Demo(time, output, [a, b], new MatchOptions { SeatGrace = TimeSpan.FromSeconds(30) });
        match.Join(a);
        time.Advance(TimeSpan.FromSeconds(31));
        match.Tick(Tick);

        Assert.False(match.HasSeat(b));
        Assert.True(match.HasSeat(a));
        Assert.Equal(1, match.Info().PlayerCount);
    }

    [Fact]
    public void A_third_player_cannot_join_a_full_match_but_a_seated_one_may_join_again()
    {
        var match = TestMatches.Demo(time, output, [a, b]);
        Assert.Equal(JoinOutcome.Full, match.Join(Guid.NewGuid()).Outcome);
        Assert.Equal(JoinOutcome.Joined, match.Join(a).Outcome);
        Assert.Equal(JoinOutcome.Joined, match.Join(a).Outcome);
    }

    [Fact]
    public async Task When_everyone_leaves_the_match_ends_as_empty()
    {
        var match = TestMatches.Demo(time, output, [a]);
        match.Join(a);
        Assert.True(match.Leave(a));
        Assert.True(match.Tick(Tick));

        var end = await match.Completion;
        Assert.Equal("finished", end.Status);
        Assert.Equal(JoinOutcome.Finished, match.Join(a).Outcome);
    }

    [Fact]
    public async Task The_end_is_announced_only_after_the_final_ticks_events_and_state_were_sent()
    {
        // Whoever awaits the end sends match.finished; it must not overtake the last tick's frames.
        var probe = new CompletionProbe();
        var match = TestMatches.Demo(time, probe, [a, b]);
        probe.Match = match;
        match.Join(a);
        match.Join(b);
        while (!match.Tick(Tick))
        {
            time.Advance(Tick);
        }

        await match.Completion;
        Assert.True(probe.FramesSent > 0);
        Assert.Equal(0, probe.SentAfterEnd);
    }

    [Fact]
    public async Task A_demo_round_finishes_after_sixty_seconds_with_duration_and_players()
    {
        var match = TestMatches.Demo(time, output, [a, b]);
        match.Join(a);
        match.Join(b);
        var ticks = 0;
        while (!match.Tick(Tick))
        {
            ticks++;
            time.Advance(Tick);
        }

        var end = await match.Completion;
        Assert.Equal(599, ticks);
        var result = JsonSerializer.SerializeToElement(end.Result, Asobi.Node.Http.ApiJson.Options);
        Assert.Equal(60_000, result.GetProperty("duration_ms").GetInt64());
        Assert.Equal(2, result.GetProperty("players").EnumerateObject().Count());
        Assert.Equal("finished", output.Of(a, "match.state")[^1].GetProperty("payload").GetProperty("phase").GetString());
    }

    [Fact]
    public async Task The_tick_loop_runs_at_the_mode_rate_on_the_injected_clock()
    {
        var match = TestMatches.Demo(time, output, [a, b]);
        match.Join(a);
        using var cts = new CancellationTokenSource();
        var loop = match.RunAsync(cts.Token);
        for (var i = 0; i < 10; i++)
        {
            await WaitForTimerAsync();
            time.Advance(Tick);
        }

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (output.Of(a, "match.state").Count < 11 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(11, output.Of(a, "match.state").Count); // the join's state plus one per period
        await cts.CancelAsync();
        await loop;
        Assert.Equal("aborted", (await match.Completion).Status);
    }

    [Fact]
    public async Task A_match_whose_reserved_players_never_arrive_ends_as_empty_after_the_grace_period()
    {
        var match = TestMatches.Demo(time, output, [a, b], new MatchOptions { SeatGrace = TimeSpan.FromSeconds(30) });
        Assert.False(match.Tick(Tick));
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.True(match.Tick(Tick));
        var result = JsonSerializer.SerializeToElement((await match.Completion).Result);
        Assert.Equal("empty", result.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_match_without_input_for_the_idle_timeout_ends_as_idle()
    {
        var match = TestMatches.TicTacToe(time, output, [a, b]);
        match.Join(a);
        match.Join(b);
        time.Advance(new MatchOptions().IdleTimeout);

        Assert.True(match.Tick(Tick));
        var result = JsonSerializer.SerializeToElement((await match.Completion).Result);
        Assert.Equal("idle", result.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_match_that_runs_past_its_maximum_duration_ends_as_timeout()
    {
        var match = TestMatches.Demo(time, output, [a], new MatchOptions { MaxDuration = TimeSpan.FromSeconds(10), IdleTimeout = TimeSpan.FromHours(1) });
        match.Join(a);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(match.Tick(Tick));
        var result = JsonSerializer.SerializeToElement((await match.Completion).Result);
        Assert.Equal("timeout", result.GetProperty("reason").GetString());
        Assert.Equal([a], (await match.Completion).Present);
    }

    [Fact]
    public void Game_events_are_pushed_as_match_events_to_the_players_present()
    {
        var match = TestMatches.TicTacToe(time, output, [a, b]);
        match.Join(a);
        match.Join(b);
        match.Input(b, JsonSerializer.SerializeToElement(new { cell = 4 })); // not b's turn: whoever joined first plays X
        match.Tick(Tick);

        var invalid = Assert.Single(output.Of(a, "match.invalid_move"));
        Assert.Equal("not_your_turn", invalid.GetProperty("payload").GetProperty("reason").GetString());
        Assert.Single(output.Of(b, "match.invalid_move"));
    }

    private static Task WaitForTimerAsync() => Task.Delay(20);

    private sealed class CompletionProbe : IMatchOutput
    {
        public MatchServer? Match { get; set; }

        public int FramesSent { get; private set; }

        public int SentAfterEnd { get; private set; }

        public void Send(Guid playerId, byte[] frame)
        {
            FramesSent++;
            if (Match?.Completion.IsCompleted == true)
            {
                SentAfterEnd++;
            }
        }
    }
}
