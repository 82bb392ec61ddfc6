using System.Text.Json;
using Asobi.Node.Realtime;

namespace Asobi.Node.Matches.Handlers;

/// <summary><c>match.list {mode?, has_capacity?}</c> → <c>match.list {matches}</c>, cluster-wide.</summary>
public sealed class MatchListHandler(MatchService matches) : IMessageHandler
{
    public string Type => "match.list";

    public async ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        var p = context.Payload;
        var mode = p.ValueKind == JsonValueKind.Object && p.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var hasCapacity = p.ValueKind == JsonValueKind.Object && p.TryGetProperty("has_capacity", out var c) && c.ValueKind == JsonValueKind.True;
        var list = await matches.ListAsync(mode, hasCapacity, cancellationToken);
        context.Reply("match.list", new MatchList([.. list.Select(i => new Listed(i.MatchId, i.Mode, i.Status, i.PlayerCount, i.MaxPlayers, i.NodeId))]));
    }

    private sealed record MatchList(IReadOnlyList<Listed> Matches);

    private sealed record Listed(Guid MatchId, string Mode, string Status, int PlayerCount, int MaxPlayers, string NodeId);
}
