using System.Text.Json;
using Asobi.Matchmaking;

namespace Asobi.Node.Matches.Relay;

/// <summary>
/// What a relaying node (<paramref name="From"/>) asks of a match's host for one of its players (see
/// <see cref="RelayOp"/>). A join carries the client's cid as raw JSON so the host's reply carries it too.
/// </summary>
public sealed record RelayCommand(string Op, Guid MatchId, Guid PlayerId, string From, string? CidJson = null, JsonElement? Input = null)
{
    public string Write() => MatchmakingJson.Write(this);

    /// <summary>The command, or null when the event is not a well-formed one.</summary>
    public static RelayCommand? Read(string data)
    {
        try
        {
            return MatchmakingJson.Read<RelayCommand>(data) is { From.Length: > 0 } command && RelayOp.IsKnown(command.Op)
                ? command
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
