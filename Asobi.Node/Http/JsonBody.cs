using System.Text.Json;

namespace Asobi.Node.Http;

/// <summary>Reads a JSON request body into a record, turning malformed input into a 400 instead of an exception.</summary>
public static class JsonBody
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiError.BadRequest("Expected a JSON body (Content-Type: application/json)."));
        }

        try
        {
            var value = await request.ReadFromJsonAsync<T>(ApiJson.Options, ct);
            return value is null ? (null, ApiError.BadRequest("The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiError.BadRequest($"Malformed JSON: {ex.Message}"));
        }
    }
}
