using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Asobi.Bus;

/// <summary>
/// Writes the compact JSON carried in a NOTIFY payload:
/// <c>{"o":origin,"n":sequence,"t":sentAtMicros,"e":[entry,...]}</c> where an entry is <c>{"k":topic,"d":json}</c>,
/// <c>{"k":topic,"s":"text"}</c> (data that is not JSON) or <c>{"r":overflowId}</c>. Data that parses as JSON is
/// embedded as is rather than as an escaped string: smaller payloads, and it comes back byte for byte (data with
/// surrounding whitespace goes as a string, which also comes back exactly).
/// Not thread-safe: one instance per sender loop.
/// </summary>
internal sealed class BusEnvelopeWriter : IDisposable
{
    /// <summary>Bytes a reference entry may take: <c>{"r":9223372036854775807}</c>.</summary>
    internal const int ReferenceReserveBytes = 25;

    /// <summary>Embedded JSON sits three levels deep in the envelope; readers allow 64.</summary>
    private const int MaxEmbeddedDepth = 60;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Payloads go to PostgreSQL, not into HTML: keep non-ASCII text as UTF-8 instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonReaderOptions EmbedCheckOptions = new() { MaxDepth = MaxEmbeddedDepth };

    private readonly ArrayBufferWriter<byte> buffer = new(8192);
    private readonly Utf8JsonWriter writer;
    private readonly string originNodeId;
    private int cachedSentAtDigits;
    private int cachedEmptyBytes;

    public BusEnvelopeWriter(string originNodeId)
    {
        this.originNodeId = originNodeId;
        writer = new Utf8JsonWriter(buffer, WriterOptions);
        OriginPrefix = ComputeOriginPrefix(originNodeId);
    }

    /// <summary>How every payload from this origin starts; lets the receiver skip its own payloads unparsed.</summary>
    public string OriginPrefix { get; }

    public static string ComputeOriginPrefix(string originNodeId)
    {
        var b = new ArrayBufferWriter<byte>(64);
        using (var w = new Utf8JsonWriter(b, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString(EnvelopeKeys.Origin, originNodeId);
            w.Flush();
        }

        return Encoding.UTF8.GetString(b.WrittenSpan) + ",";
    }

    public byte[] EncodeEntry(string topic, string data)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(data.Length));
        try
        {
            var utf8 = rented.AsSpan(0, Encoding.UTF8.GetBytes(data, rented));
            Begin();
            writer.WriteStartObject();
            writer.WriteString(EnvelopeKeys.Topic, topic);
            if (IsEmbeddableJson(utf8))
            {
                writer.WritePropertyName(EnvelopeKeys.Json);
                writer.WriteRawValue(utf8, skipInputValidation: true);
            }
            else
            {
                writer.WriteString(EnvelopeKeys.Text, data);
            }

            writer.WriteEndObject();
            return End().ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public byte[] EncodeReference(long overflowId)
    {
        Begin();
        writer.WriteStartObject();
        writer.WriteNumber(EnvelopeKeys.Reference, overflowId);
        writer.WriteEndObject();
        return End().ToArray();
    }

    /// <summary>Size of an envelope with no entries, reserving the longest possible sequence number.</summary>
    public int EmptyEnvelopeBytes(long sentAtUnixMicros)
    {
        // Only the number of digits of the time matters; it changes about never.
        var digits = sentAtUnixMicros.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        if (digits != cachedSentAtDigits)
        {
            cachedEmptyBytes = WriteEnvelope(long.MaxValue, sentAtUnixMicros, []).Length;
            cachedSentAtDigits = digits;
        }

        return cachedEmptyBytes;
    }

    /// <summary>Writes a whole envelope; the returned span is valid until the next call.</summary>
    public ReadOnlySpan<byte> WriteEnvelope(long sequence, long sentAtUnixMicros, IEnumerable<byte[]> entries)
    {
        Begin();
        writer.WriteStartObject();
        writer.WriteString(EnvelopeKeys.Origin, originNodeId);
        writer.WriteNumber(EnvelopeKeys.Sequence, sequence);
        writer.WriteNumber(EnvelopeKeys.SentAt, sentAtUnixMicros);
        writer.WriteStartArray(EnvelopeKeys.Entries);
        foreach (var entry in entries)
        {
            writer.WriteRawValue(entry, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return End();
    }

    public void Dispose() => writer.Dispose();

    private static bool IsEmbeddableJson(ReadOnlySpan<byte> utf8)
    {
        // Readers get the value's own text back, so whitespace around it would be lost: such data goes as a string.
        if (utf8.IsEmpty || IsJsonWhitespace(utf8[0]) || IsJsonWhitespace(utf8[^1]))
        {
            return false;
        }

        // Exactly one JSON value (trailing content or comments fail); exceptions only for data that is not JSON.
        var reader = new Utf8JsonReader(utf8, EmbedCheckOptions);
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJsonWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private void Begin()
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
    }

    private ReadOnlySpan<byte> End()
    {
        writer.Flush();
        return buffer.WrittenSpan;
    }
}
