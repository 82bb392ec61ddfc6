using System;
using System.Text.Json;

namespace Asobi.Client.Realtime;

/// <summary>
/// A socket request the server refused (an <c>error</c> frame: its <c>code</c>, e.g. <c>match.not_found</c>, and the
/// legacy <c>reason</c>), or a failure on the client's side with a <c>client.*</c> code:
/// <c>client.timeout</c>, <c>client.connection_lost</c>, <c>client.send_queue_full</c>, <c>client.frame_too_large</c>,
/// <c>client.closed</c>, <c>client.reconnect_failed</c>.
/// </summary>
public sealed class AsobiSocketException : Exception
{
    public AsobiSocketException(string code, string message, string? reason = null, JsonElement details = default, Exception? inner = null)
        : base($"{code}: {message}", inner)
    {
        Code = code;
        Reason = reason;
        ServerMessage = message;
        Details = details;
    }

    public string Code { get; }

    /// <summary>The legacy flat reason of a server error (e.g. <c>invalid_token</c>); null for client errors.</summary>
    public string? Reason { get; }

    public string ServerMessage { get; }

    public JsonElement Details { get; }

    /// <summary>True for errors raised by the client itself rather than sent by the server.</summary>
    public bool IsClientError => Code.StartsWith("client.", StringComparison.Ordinal);

    internal static AsobiSocketException FromErrorPayload(JsonElement payload)
    {
        var reason = payload.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var code = reason ?? "unknown";
        var message = "";
        var details = default(JsonElement);
        if (payload.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String)
            {
                code = c.GetString()!;
            }

            if (e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                message = m.GetString()!;
            }

            if (e.TryGetProperty("details", out var d))
            {
                details = d.Clone();
            }
        }

        return new AsobiSocketException(code, message, reason, details);
    }
}
