using System.Buffers;
using System.Text.Json;
using Asobi.Node.Http;

namespace Asobi.Node.Realtime;

/// <summary>Writes server frames <c>{"type", "cid"?, "payload"}</c> once, as UTF-8 ready to send to any number of sockets.</summary>
public static class Envelope
{
    public static byte[] Serialize<T>(string type, T payload, string? cidJson = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            if (cidJson is not null)
            {
                writer.WritePropertyName("cid");
                writer.WriteRawValue(cidJson, skipInputValidation: true);
            }

            writer.WritePropertyName("payload");
            JsonSerializer.Serialize(writer, payload, ApiJson.Options);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Error(WsError error, string? cidJson, object? details = null) =>
        Serialize("error", new ErrorPayload(error.Reason, new ErrorBody(error.Code, error.Message, details ?? EmptyDetails)), cidJson);

    private static readonly Dictionary<string, string> EmptyDetails = [];

    private sealed record ErrorPayload(string Reason, ErrorBody Error);

    private sealed record ErrorBody(string Code, string Message, object Details);
}
