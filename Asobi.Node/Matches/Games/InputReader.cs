using System.Text.Json;

namespace Asobi.Node.Matches.Games;

/// <summary>Lenient reads of input fields: numbers may arrive as numbers or numeric strings.</summary>
public static class InputReader
{
    public static double? Number(JsonElement input, string name)
    {
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.String when double.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }
}
