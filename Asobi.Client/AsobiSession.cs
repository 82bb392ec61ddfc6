using System;

namespace Asobi.Client;

/// <summary>
/// What a sign-in returns: the access token (sent on every call), the single-use refresh token and who the player is.
/// Store it to resume without signing in again; the client replaces it on every refresh.
/// </summary>
/// <param name="PlayerId">The player's id.</param>
/// <param name="Username">The player's username (a generated one for guests).</param>
/// <param name="AccessToken">Sent as the bearer token and in <c>session.connect</c>; expires hourly.</param>
/// <param name="RefreshToken">Exchanged once for a new pair; presenting it twice revokes the session.</param>
/// <param name="ExpiresAt">When the access token expires, Unix ms (server clock).</param>
public sealed record AsobiSession(Guid PlayerId, string Username, string AccessToken, string RefreshToken, long ExpiresAt);
