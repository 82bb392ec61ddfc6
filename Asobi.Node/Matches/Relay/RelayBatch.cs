using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Asobi.Node.Matches.Relay;

/// <summary>
/// One bus event from a match's host to a relaying node: the frames of one tick (or join, or end) for the players that
/// node relays, each frame embedded as raw JSON exactly as the host would have written it to a local socket.
/// </summary>
/// <param name="MatchId">The match the frames are of.</param>
/// <param name="Host">The host node that sent the batch.</param>
/// <param name="SentAtUnixMicros">When the host sent it (Unix time, microseconds), for the relay latency.</param>
/// <param name="Droppable">Only state frames: a relay that falls behind may drop the batch (the next one supersedes it).</param>
/// <param name="Ended">The match is over: the relaying node forgets its players' seats in it.</param>
/// <param name="Gone">The host does not run the match (any more): seats still relayed for it end as <c>host_lost</c>.</param>
/// <param name="Released">Players whose seat the host gave up or refused (e.g. a join to a full match).</param>
/// <param name="Frames">The frames, in the order the host sent them.</param>
public sealed record RelayBatch(
    Guid MatchId, string Host, long SentAtUnixMicros, bool Droppable, bool Ended, bool Gone,
    IReadOnlyList<Guid> Released, IReadOnlyList<RelayFrame> Frames)
{
    /// <summary>Frames in a batch at most; a batch claiming more is refused as malformed.</summary>
    public const int MaxFrames = 4096;

    /// <summary>Batches in one bus event at most; an event claiming more is refused as malformed.</summary>
    public const int MaxBatchesPerEvent = 4096;

    public string Write() => Encoding.UTF8.GetString(WriteUtf8());

    /// <summary>The batch as UTF-8 JSON (one element of the bus event's array, see <see cref="ReadAll"/>).</summary>
    public byte[] WriteUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>(256 + Frames.Sum(f => f.Frame.Length + f.Players.Count * 40));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("match_id", MatchId);
            w.WriteString("host", Host);
            w.WriteNumber("sent_at", SentAtUnixMicros);
            w.WriteBoolean("droppable", Droppable);
            w.WriteBoolean("ended", Ended);
            w.WriteBoolean("gone", Gone);
            w.WriteStartArray("released");
            foreach (var p in Released)
            {
                w.WriteStringValue(p);
            }

            w.WriteEndArray();
            w.WriteStartArray("frames");
            foreach (var f in Frames)
            {
                w.WriteStartObject();
                w.WriteStartArray("players");
                foreach (var p in f.Players)
                {
                    w.WriteStringValue(p);
                }

                w.WriteEndArray();
                w.WritePropertyName("frame");
                w.WriteRawValue(f.Frame, skipInputValidation: true); // written by Envelope: valid JSON already
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The batches of one bus event: an array of batches (several matches' batches to one relaying node share an
    /// event), or a single batch object as nodes before the array sent. Null when the event is not well-formed.
    /// </summary>
    public static List<RelayBatch>? ReadAll(string data)
    {
        try
        {
            using var doc = JsonDocument.Parse(data);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                return Read(root) is { } single ? [single] : null;
            }

            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() > MaxBatchesPerEvent)
            {
                return null;
            }

            var batches = new List<RelayBatch>(root.GetArrayLength());
            foreach (var element in root.EnumerateArray())
            {
                if (Read(element) is not { } batch)
                {
                    return null;
                }

                batches.Add(batch);
            }

            return batches;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static RelayBatch? Read(JsonElement root)
    {
        try
        {
            var frames = root.GetProperty("frames");
            if (frames.GetArrayLength() > MaxFrames)
            {
                return null;
            }

            var read = new List<RelayFrame>(frames.GetArrayLength());
            foreach (var f in frames.EnumerateArray())
            {
                var frame = f.GetProperty("frame");
                if (frame.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                read.Add(new RelayFrame(JsonMarshal.GetRawUtf8Value(frame).ToArray(), Players(f.GetProperty("players"))));
            }

            return new RelayBatch(
                root.GetProperty("match_id").GetGuid(), root.GetProperty("host").GetString() ?? "",
                root.GetProperty("sent_at").GetInt64(), root.GetProperty("droppable").GetBoolean(),
                root.GetProperty("ended").GetBoolean(), root.GetProperty("gone").GetBoolean(),
                Players(root.GetProperty("released")), read);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static List<Guid> Players(JsonElement list) => [.. list.EnumerateArray().Select(p => p.GetGuid())];
}

/// <summary>One frame of a <see cref="RelayBatch"/> and the relayed players it goes to.</summary>
public sealed record RelayFrame(byte[] Frame, IReadOnlyList<Guid> Players);
