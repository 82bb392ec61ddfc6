using Microsoft.Extensions.Options;

namespace Asobi.Node.Operator;

/// <summary>Refuses to start with an operator key that is set but too short to be a secret.</summary>
public sealed class OperatorOptionsValidator : IValidateOptions<OperatorOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorOptions options) =>
        options.Key is { Length: > 0 } key && key.Trim().Length < OperatorOptions.MinKeyLength
            ? ValidateOptionsResult.Fail(
                $"{OperatorOptions.Section}:Key must be at least {OperatorOptions.MinKeyLength} characters (e.g. `openssl rand -base64 32`), or unset to disable operator routes.")
            : ValidateOptionsResult.Success;
}
