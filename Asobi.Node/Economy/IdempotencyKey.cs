using Asobi.Node.Http;

namespace Asobi.Node.Economy;

/// <summary>The optional <c>Idempotency-Key</c> request header of mutating economy routes.</summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The key (null when absent) or a 400 when it is empty or too long.</summary>
    public static (string? Key, IResult? Error) Read(HttpRequest request, int maxLength)
    {
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return (null, null);
        }

        var key = values.ToString().Trim();
        return key.Length == 0 || key.Length > maxLength || values.Count > 1
            ? (null, ApiError.Result(StatusCodes.Status400BadRequest, "economy.invalid_idempotency_key",
                $"{Header} must be one non-empty value of at most {maxLength} characters."))
            : (key, null);
    }
}
