namespace Asobi.Node.Matches.Games;

public sealed class DemoGameMode : IGameMode
{
    public string Name => "demo";

    public IMatchGame Create(MatchGameContext context) => new DemoGame(context);
}
