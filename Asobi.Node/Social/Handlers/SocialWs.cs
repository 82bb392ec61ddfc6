using Asobi.Node.Realtime;

namespace Asobi.Node.Social.Handlers;

/// <summary>Turns a social rule into a socket error reply.</summary>
internal static class SocialWs
{
    public static void Fail(this MessageContext context, SocialError error) =>
        context.Fail(new WsError(error.Code, error.Reason, error.Message));

    /// <summary>An optional string field, or null when absent or not a string.</summary>
    public static string? OptionalString(this MessageContext context, string name) =>
        context.Payload.ValueKind == System.Text.Json.JsonValueKind.Object
        && context.Payload.TryGetProperty(name, out var value)
        && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
}
