namespace Asobi.Node.Matches.Games;

public sealed class TugOfWarGameMode : IGameMode
{
    public string Name => "tugofwar";

    public IMatchGame Create(MatchGameContext context) => new TugOfWarGame(context);
}
