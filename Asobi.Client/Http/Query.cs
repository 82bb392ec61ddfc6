using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Asobi.Client.Http;

/// <summary>Builds a path with an escaped query string, leaving out parameters that are null.</summary>
internal static class Query
{
    public static string Path(string path, params (string Name, object? Value)[] parameters)
    {
        var sb = new StringBuilder(path);
        var first = true;
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            sb.Append(first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(Format(value)));
            first = false;
        }

        return sb.ToString();
    }

    /// <summary>Escapes one path segment (channel ids hold colons, storage keys dots).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public static string Segment(Guid value) => value.ToString();

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        DateTimeOffset d => d.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Headers for an idempotent economy call, or none.</summary>
    public static IReadOnlyDictionary<string, string>? Idempotency(string? key) =>
        key is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = key };
}
