using System.Security.Cryptography;
using System.Text;
using Asobi.Node.Http;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Operator;

/// <summary>
/// Admits a request to an operator route only with the configured key in <see cref="HeaderName"/>. Player bearer
/// tokens are neither needed nor accepted instead. Keys are compared as SHA-256 digests in constant time, so neither
/// the key's content nor its length leaks through timing.
/// </summary>
public sealed partial class OperatorKeyFilter(IOptionsMonitor<OperatorOptions> options, ILogger<OperatorKeyFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "X-Asobi-Operator-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var configured = options.CurrentValue.Key?.Trim();
        if (string.IsNullOrEmpty(configured))
        {
            return ApiError.Result(StatusCodes.Status403Forbidden, "operator.disabled",
                $"Operator routes are disabled on this node: set {OperatorOptions.Section}:Key to enable them.");
        }

        var presented = http.Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            return ApiError.Result(StatusCodes.Status401Unauthorized, "operator.key_required",
                $"Send the operator key in the {HeaderName} header.");
        }

        if (!KeysMatch(presented.Trim(), configured))
        {
            LogRejected(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", http.Request.Path.Value ?? "");
            return ApiError.Result(StatusCodes.Status401Unauthorized, "operator.invalid_key", "The operator key is not valid.");
        }

        return await next(context);
    }

    /// <summary>Constant-time comparison of the two keys' digests (fixed length whatever the inputs).</summary>
    public static bool KeysMatch(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator request with a wrong key from {Address} to {Path}")]
    private partial void LogRejected(string address, string path);
}
