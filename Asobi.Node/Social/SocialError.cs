namespace Asobi.Node.Social;

/// <summary>
/// A rule a social action broke, shared by the REST and socket paths: <paramref name="Code"/> is the namespaced
/// code, <paramref name="Reason"/> the legacy flat string, <paramref name="Status"/> the HTTP status for REST.
/// </summary>
public sealed record SocialError(string Code, string Reason, string Message, int Status)
{
    public SocialError WithMessage(string message) => this with { Message = message };
}
