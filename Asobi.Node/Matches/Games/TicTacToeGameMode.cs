namespace Asobi.Node.Matches.Games;

public sealed class TicTacToeGameMode : IGameMode
{
    public string Name => "tictactoe";

    public IMatchGame Create(MatchGameContext context) => new TicTacToeGame(context);
}
