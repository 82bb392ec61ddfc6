namespace Asobi.Node.Matches.Games;

/// <summary>
/// What a game may use: its match, a seeded random source, the teams the matchmaker formed (empty for a match created
/// by <c>match.find_or_create</c>), and an outbox for game events (<c>match.&lt;name&gt;</c>).
/// </summary>
public sealed class MatchGameContext(Guid matchId, string mode, Random random, IReadOnlyList<IReadOnlyList<Guid>>? teams = null)
{
    private readonly List<(string Name, object Payload)> events = [];

    public Guid MatchId => matchId;

    public string Mode => mode;

    public Random Random => random;

    public IReadOnlyList<IReadOnlyList<Guid>> Teams { get; } = teams ?? [];

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
