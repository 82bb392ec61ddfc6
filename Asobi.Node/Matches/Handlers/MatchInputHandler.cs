using System.Text.Json;
using Asobi.Node.Realtime;

namespace Asobi.Node.Matches.Handlers;

/// <summary>
/// <c>match.input</c>: the payload is the input (the legacy <c>{data: {...}}</c> or <c>{data: "json"}</c> is unwrapped).
/// Fire-and-forget: no reply unless the player is in no match here (<c>match.not_in_match</c>). A full input queue
/// drops the input silently for the client and counts it.
/// </summary>
public sealed class MatchInputHandler(MatchService matches) : IMessageHandler
{
    public string Type => "match.input";

    public ValueTask HandleAsync(MessageContext context, CancellationToken cancellationToken)
    {
        var input = Unwrap(context.Payload);
        if (input.ValueKind != JsonValueKind.Object)
        {
            context.Fail(WsErrors.InvalidMessage.WithMessage("match.input expects an object payload."));
        }
        else if (!matches.Input(context.Socket.PlayerId!.Value, input.Clone()))
        {
            context.Fail(MatchErrors.NotInMatch);
        }

        return ValueTask.CompletedTask;
    }

    public static JsonElement Unwrap(JsonElement payload)
    {
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("data", out var data))
        {
            if (data.ValueKind == JsonValueKind.Object)
            {
                return data;
            }

            if (data.ValueKind == JsonValueKind.String)
            {
                try
                {
                    using var doc = JsonDocument.Parse(data.GetString()!);
                    return doc.RootElement.Clone();
                }
                catch (JsonException)
                {
                    return default;
                }
            }
        }

        return payload;
    }
}
