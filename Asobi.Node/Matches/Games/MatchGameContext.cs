namespace Asobi.Node.Matches.Games;

/// <summary>What a game may use: its match, a seeded random source, and an outbox for game events (<c>match.&lt;name&gt;</c>).</summary>
public sealed class MatchGameContext(Guid matchId, string mode, Random random)
{
    private readonly List<(string Name, object Payload)> events = [];

    public Guid MatchId => matchId;

    public string Mode => mode;

    public Random Random => random;

    /// <summary>Queues <c>match.&lt;name&gt;</c> to every player in the match, sent after the current call.</summary>
    public void Emit(string name, object payload) => events.Add((name, payload));

    internal List<(string Name, object Payload)> DrainEvents()
    {
        if (events.Count == 0)
        {
            return [];
        }

        var drained = new List<(string, object)>(events);
        events.Clear();
        return drained;
    }
}
