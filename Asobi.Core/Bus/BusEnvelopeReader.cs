using System.Text.Json;

namespace Asobi.Bus;

/// <summary>Reads what <see cref="BusEnvelopeWriter"/> wrote. Malformed input is reported, never thrown.</summary>
internal static class BusEnvelopeReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static bool TryDecode(string payload, out DecodedPayload decoded)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload, Options);
            var root = doc.RootElement;
            var entriesElement = root.GetProperty(EnvelopeKeys.Entries);
            var entries = new List<EnvelopeEntry>(entriesElement.GetArrayLength());
            foreach (var e in entriesElement.EnumerateArray())
            {
                entries.Add(ReadEntry(e));
            }

            decoded = new DecodedPayload(
                root.GetProperty(EnvelopeKeys.Origin).GetString() ?? "",
                root.GetProperty(EnvelopeKeys.Sequence).GetInt64(),
                root.GetProperty(EnvelopeKeys.SentAt).GetInt64(),
                entries);
            return true;
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            decoded = null!;
            return false;
        }
    }

    /// <summary>Reads an entry stored on its own (an overflow row).</summary>
    public static bool TryDecodeEntry(string json, out EnvelopeEntry entry)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, Options);
            entry = ReadEntry(doc.RootElement);
            return entry.OverflowId is null;
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            entry = default;
            return false;
        }
    }

    private static EnvelopeEntry ReadEntry(JsonElement e)
    {
        if (e.TryGetProperty(EnvelopeKeys.Reference, out var reference))
        {
            return EnvelopeEntry.Reference(reference.GetInt64());
        }

        var topic = e.GetProperty(EnvelopeKeys.Topic).GetString() ?? "";
        return e.TryGetProperty(EnvelopeKeys.Json, out var json)
            ? EnvelopeEntry.Event(topic, json.GetRawText())
            : EnvelopeEntry.Event(topic, e.GetProperty(EnvelopeKeys.Text).GetString() ?? "");
    }

    private static bool IsMalformed(Exception ex) =>
        ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException;
}
