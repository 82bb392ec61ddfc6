using System.Text.Json;

namespace Asobi.Node.Http;

/// <summary>JSON as the wire contract spells it: snake_case names, no nulls dropped.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };
}
