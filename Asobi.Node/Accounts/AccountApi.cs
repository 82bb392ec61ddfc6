using Asobi.Node.Http;

namespace Asobi.Node.Accounts;

/// <summary>
/// <c>/api/v1/auth</c>: register, login, guest, refresh, logout.
/// </summary>
public static class AccountApi
{
    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth");
        auth.MapPost("/register", RegisterAsync).RequireRateLimiting(AuthRateLimits.Register);
        auth.MapPost("/login", LoginAsync).RequireRateLimiting(AuthRateLimits.Login);
        auth.MapPost("/guest", GuestAsync).RequireRateLimiting(AuthRateLimits.Login);
        auth.MapPost("/refresh", RefreshAsync).RequireRateLimiting(AuthRateLimits.Login);
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization();
        return api;
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, AccountService accounts, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<RegisterRequest>(request, ct);
        return error ?? ToResult(await accounts.RegisterAsync(body!.Username, body.Password, body.DisplayName, ct));
    }

    private static async Task<IResult> LoginAsync(HttpRequest request, AccountService accounts, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<LoginRequest>(request, ct);
        return error ?? ToResult(await accounts.LoginAsync(body!.Username, body.Password, ct));
    }

    private static async Task<IResult> GuestAsync(HttpRequest request, AccountService accounts, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<GuestRequest>(request, ct);
        return error ?? ToResult(await accounts.GuestAsync(body!.DeviceId, body.DeviceSecret, ct));
    }

    private static async Task<IResult> RefreshAsync(HttpRequest request, AccountService accounts, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync<RefreshRequest>(request, ct);
        return error ?? ToResult(await accounts.RefreshAsync(body!.RefreshToken, ct));
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, AccountService accounts, CancellationToken ct)
    {
        string? refreshToken = null;
        if (http.Request.ContentLength is > 0 || http.Request.HasJsonContentType())
        {
            var (body, error) = await JsonBody.ReadAsync<RefreshRequest>(http.Request, ct);
            if (error is not null)
            {
                return error;
            }

            refreshToken = body!.RefreshToken;
        }

        var caller = TokenIdentity.FromPrincipal(http.User)!;
        var result = await accounts.LogoutAsync(caller, refreshToken, ct);
        return result.Failure == AccountFailure.None ? Results.Json(new LogoutResponse(true), ApiJson.Options) : Failure(result.Failure, result.Fields);
    }

    private static IResult ToResult(AccountResult<AuthTokens> result) =>
        result.Value is { } t
            ? Results.Json(new TokenResponse(t.PlayerId, t.AccessToken, t.RefreshToken, t.Username, t.ExpiresAt.ToUnixTimeMilliseconds()), ApiJson.Options)
            : Failure(result.Failure, result.Fields);

    internal static IResult Failure(AccountFailure failure, IReadOnlyDictionary<string, string>? fields) => failure switch
    {
        AccountFailure.Validation => ApiError.Validation(fields ?? new Dictionary<string, string>()),
        AccountFailure.UsernameTaken => ApiError.Result(StatusCodes.Status409Conflict, "auth.username_taken", "That username is taken."),
        AccountFailure.InvalidCredentials => ApiError.Result(StatusCodes.Status401Unauthorized, "auth.invalid_credentials", "Invalid credentials."),
        AccountFailure.InvalidRefreshToken => ApiError.Result(StatusCodes.Status401Unauthorized, "auth.invalid_refresh_token", "The refresh token is invalid, expired or already used."),
        AccountFailure.Forbidden => ApiError.Forbidden("Not allowed."),
        AccountFailure.NotFound => ApiError.NotFound("Not found."),
        _ => ApiError.Result(StatusCodes.Status500InternalServerError, "internal", "Unexpected failure."),
    };

    private sealed record RegisterRequest(string? Username, string? Password, string? DisplayName);

    private sealed record LoginRequest(string? Username, string? Password);

    private sealed record GuestRequest(string? DeviceId, string? DeviceSecret);

    private sealed record RefreshRequest(string? RefreshToken);

    private sealed record TokenResponse(Guid PlayerId, string AccessToken, string RefreshToken, string Username, long ExpiresAt);

    private sealed record LogoutResponse(bool Success);
}
