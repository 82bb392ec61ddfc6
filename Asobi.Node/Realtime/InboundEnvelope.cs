using System.Text.Json;

namespace Asobi.Node.Realtime;

/// <summary>
/// A parsed client frame <c>{"type", "payload"?, "cid"?}</c>. Owns its <see cref="JsonDocument"/>: dispose after handling.
/// </summary>
public sealed class InboundEnvelope : IDisposable
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;
    private readonly JsonDocument document;

    private InboundEnvelope(JsonDocument document, string type, JsonElement payload, string? cidJson)
    {
        this.document = document;
        Type = type;
        Payload = payload;
        CidJson = cidJson;
    }

    public string Type { get; }

    /// <summary>The payload; an empty object when the client sent none.</summary>
    public JsonElement Payload { get; }

    /// <summary>The correlation id as raw JSON (a string or a number), echoed verbatim in the reply.</summary>
    public string? CidJson { get; }

    /// <summary>Parses a frame; on failure returns the error and whatever cid could be read.</summary>
    public static InboundEnvelope? TryParse(ReadOnlyMemory<byte> utf8, out WsError? error, out string? cidJson)
    {
        cidJson = null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, ParseOptions);
        }
        catch (JsonException)
        {
            error = WsErrors.InvalidJson;
            return null;
        }

        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            error = WsErrors.InvalidMessage;
            return null;
        }

        if (root.TryGetProperty("cid", out var cid) && cid.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            cidJson = cid.GetRawText();
        }

        if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() is not { Length: > 0 and <= 128 } typeName)
        {
            doc.Dispose();
            error = WsErrors.InvalidMessage;
            return null;
        }

        var payload = EmptyObject;
        if (root.TryGetProperty("payload", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            payload = p;
        }

        error = null;
        return new InboundEnvelope(doc, typeName, payload, cidJson);
    }

    public void Dispose() => document.Dispose();
}
