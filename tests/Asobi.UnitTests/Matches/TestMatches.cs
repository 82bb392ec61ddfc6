using System.Diagnostics.Metrics;
using Asobi.Matchmaking;
using Asobi.Node.Matches;
using Asobi.Node.Matches.Games;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Matches;

internal static class TestMatches
{
    public static readonly MatchMetrics Metrics =
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    public static MatchServer Demo(FakeTimeProvider time, IMatchOutput output, IEnumerable<Guid> reserved, MatchOptions? options = null) =>
        new(Guid.NewGuid(), "demo", new GameMode { MatchSize = 2, TickRate = 10 }, "node-1", new DemoGameMode(), reserved,
            output, Metrics, options ?? new MatchOptions(), time);

    public static MatchServer TicTacToe(FakeTimeProvider time, CapturedOutput output, IEnumerable<Guid> reserved) =>
        new(Guid.NewGuid(), "tictactoe", new GameMode { MatchSize = 2, Teams = 2, TickRate = 10 }, "node-1", new TicTacToeGameMode(), reserved,
            output, Metrics, new MatchOptions(), time);
}
