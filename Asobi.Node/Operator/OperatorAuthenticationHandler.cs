using System.Security.Claims;
using System.Text.Encodings.Web;
using Asobi.Node.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Operator;

/// <summary>
/// Authenticates a request that carries the operator key, for read-only routes that players and operators share
/// (<see cref="OperatorAccess.RequirePlayerOrOperator{TBuilder}"/>). A request without the header is not this
/// scheme's business; one with a wrong key, or on a node without a key, is refused with the operator error codes.
/// </summary>
public sealed class OperatorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<OperatorOptions> operatorOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Operator";
    public const string Role = "operator";

    // One handler instance serves one request: the challenge explains what authentication found.
    private OperatorKeyVerdict verdict = OperatorKeyVerdict.Missing;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        verdict = OperatorKeyCheck.Check(operatorOptions.CurrentValue.Key, Request.Headers[OperatorKeyCheck.HeaderName].ToString());
        switch (verdict)
        {
            case OperatorKeyVerdict.Valid:
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, Role)], SchemeName);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
            case OperatorKeyVerdict.Missing:
                return Task.FromResult(AuthenticateResult.NoResult());
            case OperatorKeyVerdict.Invalid:
                OperatorKeyCheck.LogRejected(Logger, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown", Request.Path.Value ?? "");
                return Task.FromResult(AuthenticateResult.Fail("wrong operator key"));
            default:
                return Task.FromResult(AuthenticateResult.Fail("operator access is disabled"));
        }
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        OperatorKeyCheck.Refusal(verdict).ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiError.Forbidden("Not allowed.").ExecuteAsync(Context);
}
