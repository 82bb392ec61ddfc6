using System.Globalization;
using Asobi.Node.Http;
using System.Threading.RateLimiting;

namespace Asobi.Node.Accounts;

/// <summary>Per-IP limits on account creation and sign-in (fixed one-minute windows), answered with 429.</summary>
public static class AuthRateLimits
{
    public const string Register = "register";
    public const string Login = "login";

    public static IServiceCollection AddAuthRateLimits(this IServiceCollection services, AuthOptions auth)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Register, http => PerIp(http, auth.RegisterPerMinute));
            limiter.AddPolicy(Login, http => PerIp(http, auth.LoginPerMinute));
            limiter.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await ApiError.Result(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many attempts from this address; try again later.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerIp(HttpContext http, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, perMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
