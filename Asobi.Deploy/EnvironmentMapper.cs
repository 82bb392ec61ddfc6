using System.Text.RegularExpressions;
using k8s.Models;

namespace Asobi.Deploy;

/// <summary>
/// Turns a project's environment from the Aspire manifest into container env vars: the database connection string
/// becomes a Secret reference (never a value), port references become the container port, and Aspire's
/// per-component extras for its own PostgreSQL container (<c>ASOBI_*</c>, which embed a password) are left out.
/// </summary>
public static partial class EnvironmentMapper
{
    public const string ConnectionStringKey = "connection-string";
    public const string DirectConnectionStringKey = "direct-connection-string";

    public static List<V1EnvVar> Map(ManifestResource project, string databaseSecret, int port)
    {
        var env = new List<V1EnvVar>();
        foreach (var (name, value) in project.Env)
        {
            if (name.StartsWith("ASOBI_", StringComparison.Ordinal))
            {
                continue;
            }

            if (value.Contains("{asobi.connectionString}", StringComparison.Ordinal))
            {
                env.Add(SecretEnv(name, databaseSecret, ConnectionStringKey, optional: false));
                continue;
            }

            var resolved = PortReference().Replace(value, _ => port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (AnyReference().Match(resolved) is { Success: true } unknown)
            {
                throw new InvalidOperationException($"{project.Name}: {name} refers to {unknown.Value}, which has no Kubernetes equivalent here.");
            }

            env.Add(new V1EnvVar { Name = name, Value = resolved });
        }

        // LISTEN and session advisory locks need a direct session; queries may go through a pooler.
        env.Add(SecretEnv("ConnectionStrings__asobi-direct", databaseSecret, DirectConnectionStringKey, optional: true));
        return env;
    }

    public static V1EnvVar FieldEnv(string name, string fieldPath) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = fieldPath } } };

    private static V1EnvVar SecretEnv(string name, string secret, string key, bool optional) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Key = key, Name = secret, Optional = optional } } };

    [GeneratedRegex(@"\{[A-Za-z0-9_-]+\.bindings\.http\.(targetPort|port)\}")]
    private static partial Regex PortReference();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex AnyReference();
}
