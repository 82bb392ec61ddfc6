using System.Text.Json;
using Asobi.Cluster;
using Asobi.Matchmaking;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Matchmaking;

/// <summary>Queueing and withdrawing tickets, shared by the socket handlers and the REST routes.</summary>
public sealed class MatchmakingService(TicketStore store, NodeIdentity node, IOptions<GameModesOptions> modes, TimeProvider time)
{
    public const int MaxProperties = 32;
    public const int MaxStringProperty = 256;
    public const int MaxPartyId = 64;

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    /// <summary>Queues the player; <paramref name="viaSocket"/> says their socket is on this node (placement prefers it).</summary>
    public async Task<QueueResult> AddAsync(Guid playerId, string? mode, JsonElement? properties, JsonElement? partyId, bool viaSocket, CancellationToken ct)
    {
        if (modes.Value.Find(mode) is not { } definition)
        {
            return new QueueResult(null, MatchmakingErrors.UnknownMode);
        }

        var props = properties is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } p ? p : EmptyObject;
        if (!ValidProperties(props))
        {
            return new QueueResult(null, MatchmakingErrors.InvalidProperties);
        }

        string? party = null;
        if (partyId is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } pid)
        {
            if (pid.ValueKind != JsonValueKind.String || pid.GetString() is not { Length: > 0 and <= MaxPartyId } s)
            {
                return new QueueResult(null, MatchmakingErrors.InvalidParty);
            }

            party = s;
        }

        var (outcome, ticket) = await store.AddAsync(
            Guid.CreateVersion7(time.GetUtcNow()), playerId, mode!, props, party, viaSocket ? node.NodeId : null, definition.QueueCap, ct);
        return outcome == AddOutcome.QueueFull || ticket is null
            ? new QueueResult(null, MatchmakingErrors.QueueFull)
            : new QueueResult(new Queued(ticket.TicketId, "pending", definition.MatchSize, outcome == AddOutcome.AlreadyQueued), null);
    }

    public Task<bool> RemoveAsync(Guid playerId, Guid ticketId, CancellationToken ct) => store.RemoveAsync(ticketId, playerId, ct);

    public Task<TicketRecord?> GetAsync(Guid playerId, Guid ticketId, CancellationToken ct) => store.GetAsync(ticketId, playerId, ct);

    public Task<IReadOnlyList<TicketRecord>> PendingAsync(Guid playerId, CancellationToken ct) => store.PendingOfAsync(playerId, ct);

    public static bool ValidProperties(JsonElement props)
    {
        if (props.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var count = 0;
        foreach (var prop in props.EnumerateObject())
        {
            count++;
            var ok = prop.Name.Length is > 0 and <= 64 && prop.Value.ValueKind switch
            {
                JsonValueKind.Number => true,
                JsonValueKind.String => prop.Value.GetString()!.Length <= MaxStringProperty,
                _ => false,
            };
            if (!ok || count > MaxProperties)
            {
                return false;
            }
        }

        return true;
    }
}
