using System.Text.Json;
using Asobi.Node.Matches;

namespace Asobi.UnitTests.Matches;

/// <summary>Collects what a match server sends, per player, as parsed frames.</summary>
internal sealed class CapturedOutput : IMatchOutput
{
    private readonly Lock gate = new();
    private readonly List<(Guid Player, JsonElement Frame)> frames = [];

    public void Send(Guid playerId, byte[] frame)
    {
        using var doc = JsonDocument.Parse(frame);
        lock (gate)
        {
            frames.Add((playerId, doc.RootElement.Clone()));
        }
    }

    public List<JsonElement> Of(Guid player, string type)
    {
        lock (gate)
        {
            return [.. frames.Where(f => f.Player == player && f.Frame.GetProperty("type").GetString() == type).Select(f => f.Frame)];
        }
    }

    public List<string> TypesOf(Guid player)
    {
        lock (gate)
        {
            return [.. frames.Where(f => f.Player == player).Select(f => f.Frame.GetProperty("type").GetString()!)];
        }
    }
}
