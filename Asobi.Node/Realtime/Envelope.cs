using System.Buffers;
using System.Text.Json;
using Asobi.Node.Http;

namespace Asobi.Node.Realtime;

/// <summary>Writes server frames <c>{"type", "cid"?, "payload"}</c> once, as UTF-8 ready to send to any number of sockets.</summary>
public static class Envelope
{
    // One writer and buffer per thread, reset for each frame: a frame costs one allocation, the byte[] sent.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? threadWriter;

    public static byte[] Serialize<T>(string type, T payload, string? cidJson = null)
    {
        var buffer = threadBuffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = threadWriter ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
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
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity > MaxKeptBuffer)
            {
                threadBuffer = null; // a rare huge frame: do not keep its buffer on this thread
                threadWriter = null;
            }
        }
    }

    private const int MaxKeptBuffer = 64 * 1024;

    public static byte[] Error(WsError error, string? cidJson, object? details = null) =>
        Serialize("error", new ErrorPayload(error.Reason, new ErrorBody(error.Code, error.Message, details ?? EmptyDetails)), cidJson);

    private static readonly Dictionary<string, string> EmptyDetails = [];

    private sealed record ErrorPayload(string Reason, ErrorBody Error);

    private sealed record ErrorBody(string Code, string Message, object Details);
}
