namespace Asobi.Node.Accounts;

/// <summary>What register, login, guest and refresh return: <c>{player_id, access_token, refresh_token, username}</c>.</summary>
public sealed record AuthTokens(Guid PlayerId, string AccessToken, string RefreshToken, string Username, DateTimeOffset ExpiresAt);

public enum AccountFailure
{
    None,
    Validation,
    UsernameTaken,
    InvalidCredentials,
    InvalidRefreshToken,
    NotFound,
    Forbidden,
}

/// <summary>A service outcome free of HTTP: the value, or why not.</summary>
public sealed record AccountResult<T>(T? Value, AccountFailure Failure, IReadOnlyDictionary<string, string>? Fields = null);

public static class AccountResult
{
    public static AccountResult<T> Ok<T>(T value) => new(value, AccountFailure.None);

    public static AccountResult<T> Fail<T>(AccountFailure failure, IReadOnlyDictionary<string, string>? fields = null) => new(default, failure, fields);
}
