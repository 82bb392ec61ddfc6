using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Asobi.Node.Social.Notifications;

/// <summary>
/// <c>POST operator/notifications</c>: <c>subject</c> (1–256 characters), <c>content</c> (a JSON object up to 16 KiB,
/// default <c>{}</c>), <c>code</c> (the notification <c>type</c>, default <c>operator</c>) and <c>player_ids</c> (1–1000
/// ids; omitted or null means every player).
/// </summary>
public sealed partial record OperatorNotificationRequest(string? Subject, JsonElement? Content, string? Code, List<Guid>? PlayerIds)
{
    public const int MaxSubjectLength = 256;
    public const int MaxContentBytes = 16 * 1024;
    public const int MaxPlayerIds = 1000;
    public const string DefaultType = "operator";

    public string Type => Code ?? DefaultType;

    /// <summary>The content to store (an empty object when none was given).</summary>
    public JsonElement ContentOrEmpty => Content is { ValueKind: not JsonValueKind.Null } c ? c : EmptyObject;

    /// <summary>Each bad field with the rule it broke; empty when the request is valid.</summary>
    public Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Subject) || Subject.Length > MaxSubjectLength)
        {
            errors["subject"] = $"required, 1–{MaxSubjectLength} characters";
        }

        if (Content is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Object) })
        {
            errors["content"] = "must be a JSON object";
        }
        else if (Content is { } c && Encoding.UTF8.GetByteCount(c.GetRawText()) > MaxContentBytes)
        {
            errors["content"] = $"at most {MaxContentBytes} bytes of JSON";
        }

        if (Code is not null && !CodePattern().IsMatch(Code))
        {
            errors["code"] = "1–64 of a–z 0–9 _ . -";
        }

        if (PlayerIds is { Count: 0 or > MaxPlayerIds })
        {
            errors["player_ids"] = $"1–{MaxPlayerIds} ids, or omit it to broadcast to every player";
        }
        else if (PlayerIds is not null && PlayerIds.Contains(Guid.Empty))
        {
            errors["player_ids"] = "must be player ids";
        }

        return errors;
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    [GeneratedRegex("^[a-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
