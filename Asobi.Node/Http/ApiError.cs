namespace Asobi.Node.Http;

/// <summary>The REST error body: <c>{"error": {"code", "message", "details"}}</c>.</summary>
public sealed record ApiError(ApiErrorBody Error)
{
    public static IResult Result(int status, string code, string message, IReadOnlyDictionary<string, string>? details = null) =>
        Results.Json(new ApiError(new ApiErrorBody(code, message, details ?? EmptyDetails)), ApiJson.Options, statusCode: status);

    public static IResult BadRequest(string message) => Result(StatusCodes.Status400BadRequest, "invalid_request", message);

    public static IResult Unauthenticated(string message = "A valid access token is required.") =>
        Result(StatusCodes.Status401Unauthorized, "unauthenticated", message);

    public static IResult Forbidden(string message) => Result(StatusCodes.Status403Forbidden, "forbidden", message);

    public static IResult NotFound(string message) => Result(StatusCodes.Status404NotFound, "not_found", message);

    public static IResult Validation(IReadOnlyDictionary<string, string> fields) =>
        Result(StatusCodes.Status422UnprocessableEntity, "validation_failed", "Some fields are invalid.", fields);

    private static readonly Dictionary<string, string> EmptyDetails = [];
}

public sealed record ApiErrorBody(string Code, string Message, IReadOnlyDictionary<string, string> Details);
