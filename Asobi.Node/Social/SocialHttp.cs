using Asobi.Node.Accounts;
using Asobi.Node.Http;

namespace Asobi.Node.Social;

/// <summary>REST helpers shared by the social APIs.</summary>
internal static class SocialHttp
{
    public static IResult Error(SocialError error) => ApiError.Result(error.Status, error.Code, error.Message);

    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK) => Results.Json(value, ApiJson.Options, statusCode: status);

    public static Guid Caller(HttpContext http) =>
        TokenIdentity.FromPrincipal(http.User)?.PlayerId ?? throw new InvalidOperationException("Route requires authorization.");
}
