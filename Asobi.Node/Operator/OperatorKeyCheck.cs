using System.Security.Cryptography;
using System.Text;
using Asobi.Node.Http;

namespace Asobi.Node.Operator;

/// <summary>What a request's operator key header amounts to.</summary>
public enum OperatorKeyVerdict
{
    /// <summary>No key is configured on this node: operator access is off.</summary>
    Disabled,

    /// <summary>The request sent no key.</summary>
    Missing,

    /// <summary>The request sent a key that is not the configured one.</summary>
    Invalid,

    /// <summary>The request sent the configured key.</summary>
    Valid,
}

/// <summary>
/// The one place an operator key is judged, for the operator routes' filter and the operator authentication scheme
/// alike. Keys are compared as SHA-256 digests in constant time, so neither the key's content nor its length leaks
/// through timing.
/// </summary>
public static partial class OperatorKeyCheck
{
    public const string HeaderName = "X-Asobi-Operator-Key";

    public static OperatorKeyVerdict Check(string? configured, string presented)
    {
        var key = configured?.Trim();
        return string.IsNullOrEmpty(key) ? OperatorKeyVerdict.Disabled
            : presented.Length == 0 ? OperatorKeyVerdict.Missing
            : KeysMatch(presented.Trim(), key) ? OperatorKeyVerdict.Valid
            : OperatorKeyVerdict.Invalid;
    }

    /// <summary>The answer to a request whose key did not admit it.</summary>
    public static IResult Refusal(OperatorKeyVerdict verdict) => verdict switch
    {
        OperatorKeyVerdict.Disabled => ApiError.Result(StatusCodes.Status403Forbidden, "operator.disabled",
            $"Operator access is disabled on this node: set {OperatorOptions.Section}:Key to enable it."),
        OperatorKeyVerdict.Invalid => ApiError.Result(StatusCodes.Status401Unauthorized, "operator.invalid_key", "The operator key is not valid."),
        _ => ApiError.Result(StatusCodes.Status401Unauthorized, "operator.key_required", $"Send the operator key in the {HeaderName} header."),
    };

    /// <summary>Constant-time comparison of the two keys' digests (fixed length whatever the inputs).</summary>
    public static bool KeysMatch(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator request with a wrong key from {Address} to {Path}")]
    public static partial void LogRejected(ILogger logger, string address, string path);
}
