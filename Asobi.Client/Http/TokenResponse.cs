using System;

namespace Asobi.Client.Http;

/// <summary>The body every sign-in route answers.</summary>
internal sealed record TokenResponse(Guid PlayerId, string AccessToken, string RefreshToken, string Username, long ExpiresAt)
{
    public AsobiSession ToSession() => new(PlayerId, Username, AccessToken, RefreshToken, ExpiresAt);
}
