using System.Text.Json;

namespace Asobi.Node.Realtime;

/// <summary>What a handler gets: the socket, the payload, and replies that carry the request's cid.</summary>
public sealed class MessageContext(SocketSession socket, InboundEnvelope envelope, NodeMetrics metrics)
{
    public SocketSession Socket => socket;

    public JsonElement Payload => envelope.Payload;

    public string? CidJson => envelope.CidJson;

    public void Reply<T>(string type, T payload) => socket.Send(Envelope.Serialize(type, payload, envelope.CidJson));

    public void Fail(WsError error, object? details = null)
    {
        metrics.Error(error.Code);
        socket.Send(Envelope.Error(error, envelope.CidJson, details));
    }

    /// <summary>A required string field of the payload, or null (and an <c>invalid_message</c> reply) when missing.</summary>
    public string? RequireString(string name, int maxLength = 4096)
    {
        if (Payload.ValueKind == JsonValueKind.Object
            && Payload.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } s
            && s.Length <= maxLength)
        {
            return s;
        }

        Fail(WsErrors.InvalidMessage.WithMessage($"payload.{name} must be a non-empty string of at most {maxLength} characters."));
        return null;
    }
}
