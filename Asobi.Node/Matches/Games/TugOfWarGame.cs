using System.Text.Json;

namespace Asobi.Node.Matches.Games;

/// <summary>
/// Two teams of two pull one rope. The game starts when all four players are in; each <c>{pull: true}</c> moves the
/// rope one step towards the puller's side (team 0 negative, team 1 positive), at most one pull per player per tick,
/// and the first team to drag it <see cref="Target"/> steps wins. A team whose players have all left loses by forfeit.
/// Teams come from the matchmaker when it formed the match; otherwise each arrival joins the smaller team.
/// </summary>
public sealed class TugOfWarGame(MatchGameContext context) : IMatchGame
{
    public const int TeamSize = 2;
    public const int Target = 10;

    private readonly List<Guid>[] teams = [[], []];
    private readonly Dictionary<Guid, int> pulls = [];
    private readonly HashSet<Guid> pulledThisTick = [];
    private int rope;
    private string phase = "waiting";
    private GameResult? outcome;

    public bool SharedState => true;

    public void Join(Guid playerId)
    {
        if (outcome is not null || TeamOf(playerId) >= 0)
        {
            return;
        }

        var planned = context.Teams.ToList().FindIndex(t => t.Contains(playerId));
        var team = planned is 0 or 1 && teams[planned].Count < TeamSize ? planned : teams[1].Count < teams[0].Count ? 1 : 0;
        if (teams[team].Count >= TeamSize)
        {
            return; // both full: the match server never seats a fifth player
        }

        teams[team].Add(playerId);
        pulls.TryAdd(playerId, 0);
        if (phase == "waiting" && teams.All(t => t.Count == TeamSize))
        {
            phase = "playing";
            context.Emit("started", new { teams = TeamIds() });
        }
    }

    public void Leave(Guid playerId)
    {
        var team = TeamOf(playerId);
        if (team < 0 || outcome is not null)
        {
            return;
        }

        teams[team].Remove(playerId);
        if (phase == "playing" && teams[team].Count == 0)
        {
            End(1 - team, "forfeit");
        }
    }

    public void HandleInput(Guid playerId, JsonElement input)
    {
        var team = TeamOf(playerId);
        if (outcome is not null || team < 0)
        {
            return;
        }

        if (phase != "playing")
        {
            context.Emit("invalid_input", new { player_id = playerId, reason = "waiting_for_players" });
            return;
        }

        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty("pull", out var pull) || pull.ValueKind != JsonValueKind.True)
        {
            context.Emit("invalid_input", new { player_id = playerId, reason = "bad_input" });
            return;
        }

        if (!pulledThisTick.Add(playerId))
        {
            return; // one pull per player per tick: faster clicking does not pull harder
        }

        pulls[playerId]++;
        rope += team == 0 ? -1 : 1;
        if (Math.Abs(rope) >= Target)
        {
            End(rope < 0 ? 0 : 1, "pulled");
        }
    }

    public GameResult? Tick(TimeSpan elapsed)
    {
        pulledThisTick.Clear();
        return outcome;
    }

    public object State(Guid? playerId) => new TugOfWarState(rope, Target, TeamIds(), Pulls(), phase);

    private int TeamOf(Guid playerId) => teams[0].Contains(playerId) ? 0 : teams[1].Contains(playerId) ? 1 : -1;

    private void End(int winningTeam, string reason)
    {
        phase = "finished";
        var winners = teams[winningTeam].ToList();
        outcome = new GameResult(new TugOfWarResult(winningTeam, [.. winners.Select(w => w.ToString())], reason, rope, TeamIds(), Pulls()), Winners: winners);
    }

    private string[][] TeamIds() => [.. teams.Select(t => t.Select(p => p.ToString()).ToArray())];

    private Dictionary<string, int> Pulls() => pulls.ToDictionary(p => p.Key.ToString(), p => p.Value);

    private sealed record TugOfWarState(int Rope, int Target, string[][] Teams, Dictionary<string, int> Pulls, string Phase);

    private sealed record TugOfWarResult(int WinningTeam, string[] Winners, string Reason, int Rope, string[][] Teams, Dictionary<string, int> Pulls);
}
