using System.Text.Json;

namespace Asobi.Matchmaking;

/// <summary>JSON of matchmaking bus events: snake_case like the wire contract.</summary>
public static class MatchmakingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Read<T>(string data) => JsonSerializer.Deserialize<T>(data, Options);
}
