using System.Text.Json;
using Asobi.Matchmaking;

namespace Asobi.UnitTests.Matchmaking;

/// <summary>Builds tickets for strategy tests: queued one second apart from a fixed start, in the order created.</summary>
internal sealed class Tickets
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<MatchmakingTicket> all = [];

    public IReadOnlyList<MatchmakingTicket> All => all;

    public MatchmakingTicket Add(double? skill = null, string? party = null, string? node = null)
    {
        var props = skill is { } s ? JsonSerializer.SerializeToElement(new { skill = s }) : JsonSerializer.SerializeToElement(new { });
        var ticket = new MatchmakingTicket(
            new Guid(all.Count + 1, 0, 0, new byte[8]), new Guid(0, 0, 0, [0, 0, 0, 0, 0, 0, 0, (byte)(all.Count + 1)]),
            "m", props, party, node, Start.AddSeconds(all.Count));
        all.Add(ticket);
        return ticket;
    }
}
