using System.Text.RegularExpressions;

namespace Asobi.Node.Accounts;

/// <summary>Username, password and display-name rules; each broken rule names its field.</summary>
public static partial class CredentialRules
{
    public const int MinPassword = 8;
    public const int MaxPassword = 128;
    public const int MaxDisplayName = 64;

    public static Dictionary<string, string> Check(string? username, string? password, string? displayName)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrEmpty(username) || !UsernamePattern().IsMatch(username))
        {
            errors["username"] = "3 to 32 characters: letters, digits, '_', '.' or '-'.";
        }

        if (string.IsNullOrEmpty(password) || password.Length < MinPassword || password.Length > MaxPassword)
        {
            errors["password"] = $"{MinPassword} to {MaxPassword} characters.";
        }

        CheckDisplayName(displayName, errors);
        return errors;
    }

    public static void CheckDisplayName(string? displayName, Dictionary<string, string> errors)
    {
        if (displayName is not null && (displayName.Trim().Length == 0 || displayName.Length > MaxDisplayName))
        {
            errors["display_name"] = $"1 to {MaxDisplayName} characters.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{3,32}$")]
    private static partial Regex UsernamePattern();
}
