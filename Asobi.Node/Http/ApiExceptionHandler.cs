using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Asobi.Node.Http;

/// <summary>
/// Turns what escapes a route into the REST error body instead of an empty 500: a database that is away is 503
/// <c>unavailable</c> (retry later), anything else 500 <c>internal</c>, logged once here.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        IResult result;
        if (exception is NpgsqlException { IsTransient: true } or TimeoutException)
        {
            LogUnavailable(httpContext.Request.Path, exception.Message);
            httpContext.Response.Headers.RetryAfter = "1";
            result = ApiError.Result(StatusCodes.Status503ServiceUnavailable, "unavailable", "The database is unavailable; retry shortly.");
        }
        else if (exception is BadHttpRequestException bad)
        {
            result = ApiError.Result(bad.StatusCode, "invalid_request", bad.Message);
        }
        else
        {
            LogFailed(exception, httpContext.Request.Path);
            result = ApiError.Result(StatusCodes.Status500InternalServerError, "internal", "Something went wrong on the server.");
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: database unavailable ({Reason})")]
    private partial void LogUnavailable(PathString path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Path} failed")]
    private partial void LogFailed(Exception ex, PathString path);
}
