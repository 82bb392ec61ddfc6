using System.Text.Json;
using Asobi.Node.Realtime;

namespace Asobi.Node.Matchmaking.Handlers;

/// <summary><c>matchmaker.add {mode, properties?, party_id?}</c> → <c>matchmaker.queued {ticket_id, status, players_needed, already_queued}</c>.</summary>
public sealed class MatchmakerAddHandler(MatchmakingService service) : IMessageHandler
{
    public string Type => "matchmaker.add";

    public async ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        var mode = context.RequireString("mode", 64);
        if (mode is null)
        {
            return;
        }

        var result = await service.AddAsync(
            context.Socket.PlayerId!.Value, mode, Field(context.Payload, "properties"), Field(context.Payload, "party_id"), viaSocket: true, cancellationToken);
        if (result.Error is not null)
        {
            context.Fail(result.Error);
            return;
        }

        context.Reply("matchmaker.queued", result.Queued);
    }

    private static JsonElement? Field(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var v) ? v : null;
}
