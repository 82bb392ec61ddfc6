namespace Asobi.Node.Matches.Games;

/// <summary>A kind of game, registered by name (<see cref="Asobi.Matchmaking.GameMode.Game"/>); creates one game per match.</summary>
public interface IGameMode
{
    string Name { get; }

    /// <summary>Init: a fresh game for one match.</summary>
    IMatchGame Create(MatchGameContext context);
}
