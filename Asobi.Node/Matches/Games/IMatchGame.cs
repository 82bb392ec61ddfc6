using System.Text.Json;

namespace Asobi.Node.Matches.Games;

/// <summary>
/// One match's game logic, driven by its match server: every call is made on one thread at a time, so a game needs
/// no locking. Join/leave/input arrive between ticks; <see cref="Tick"/> advances the game by one period.
/// </summary>
public interface IMatchGame
{
    /// <summary>A player arrived (first join; a rejoin within the grace period is not a new join).</summary>
    void Join(Guid playerId);

    /// <summary>A player left or never came back within the grace period.</summary>
    void Leave(Guid playerId);

    /// <summary>One input of one player, in arrival order. Bad input is the game's to ignore, never to throw on.</summary>
    void HandleInput(Guid playerId, JsonElement input);

    /// <summary>Advances the game; returns a result once the game is over.</summary>
    GameResult? Tick(TimeSpan elapsed);

    /// <summary>True when every player sees the same state: it is then encoded once per tick for all of them.</summary>
    bool SharedState { get; }

    /// <summary>The state pushed as <c>match.state</c>; <paramref name="playerId"/> is null when the state is shared.</summary>
    object State(Guid? playerId);
}
