using System.Text.Json;
using System.Text.Json.Serialization;

namespace Asobi.Bench;

/// <summary>
/// The line protocol between the coordinator and a load process: commands on stdin (<c>run SECONDS</c>,
/// <c>step ID RATE SECONDS</c>, <c>report ID</c>, <c>stop</c>), one JSON event per line on stdout.
/// </summary>
internal static class Wire
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>One line a load process prints: <c>ready</c> after connecting, <c>result</c> after each command.</summary>
internal sealed record ClientEvent(
    string Event,
    int Connected = 0,
    int Failed = 0,
    string? Unavailable = null,
    string? Error = null,
    long Count = 0,
    long Errors = 0,
    long Sent = 0,
    long[][]? Hist = null);
