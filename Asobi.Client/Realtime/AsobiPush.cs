using System.Text.Json;

namespace Asobi.Client.Realtime;

/// <summary>A frame the server pushed (no <c>cid</c>): its type (e.g. <c>match.state</c>) and payload.</summary>
public readonly struct AsobiPush
{
    public AsobiPush(string type, JsonElement payload)
    {
        Type = type;
        Payload = payload;
    }

    public string Type { get; }

    public JsonElement Payload { get; }

    /// <summary>The payload read as <typeparamref name="T"/> with the wire's snake_case names.</summary>
    public T Read<T>() => AsobiJson.Read<T>(Payload);

    public override string ToString() => Type + " " + Payload.GetRawText();
}
