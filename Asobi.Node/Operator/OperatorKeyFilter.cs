using Microsoft.Extensions.Options;

namespace Asobi.Node.Operator;

/// <summary>
/// Admits a request to an operator route only with the configured key in <see cref="OperatorKeyCheck.HeaderName"/>.
/// Player bearer tokens are neither needed nor accepted instead. Runs before the body is read.
/// </summary>
public sealed class OperatorKeyFilter(IOptionsMonitor<OperatorOptions> options, ILogger<OperatorKeyFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var verdict = OperatorKeyCheck.Check(options.CurrentValue.Key, http.Request.Headers[OperatorKeyCheck.HeaderName].ToString());
        if (verdict == OperatorKeyVerdict.Valid)
        {
            return await next(context);
        }

        if (verdict == OperatorKeyVerdict.Invalid)
        {
            OperatorKeyCheck.LogRejected(logger, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", http.Request.Path.Value ?? "");
        }

        return OperatorKeyCheck.Refusal(verdict);
    }
}
