using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Asobi.Node.Accounts;

/// <summary>Loads the shared token signing key at start: from configuration, else the one kept in the database.</summary>
internal sealed class SigningKeyLoader(TokenService tokens, SecretStore secrets, IOptions<AuthOptions> options) : IHostedService
{
    private const string SecretName = "token_signing_key";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.SigningKey;
        var key = string.IsNullOrWhiteSpace(configured)
            ? await secrets.GetOrCreateAsync(SecretName, RandomNumberGenerator.GetBytes(32), cancellationToken)
            : Convert.FromBase64String(configured);
        if (key.Length < 32)
        {
            throw new InvalidOperationException("Asobi:Auth:SigningKey must be at least 32 bytes (base64).");
        }

        tokens.UseSigningKey(key);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
