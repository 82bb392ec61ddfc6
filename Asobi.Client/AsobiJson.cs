using System.Text.Json;
using System.Text.Json.Serialization;

namespace Asobi.Client;

/// <summary>The JSON conventions of the Asobi wire contract: snake_case names, absent optional fields left out.</summary>
public static class AsobiJson
{
    /// <summary>Options for every body and frame the SDK reads or writes; reuse them for your own payload types.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Reads <paramref name="element"/> as <typeparamref name="T"/> with the wire conventions.</summary>
    public static T Read<T>(JsonElement element) =>
        element.Deserialize<T>(Options) ?? throw new JsonException($"null where {typeof(T).Name} was expected");
}
