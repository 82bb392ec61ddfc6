namespace Asobi.Deploy;

/// <summary>What a studio chooses when it writes manifests: sizes, images, host names and where PostgreSQL lives.</summary>
public sealed record DeployOptions
{
    public int Nodes { get; init; } = 3;

    public int Matchmakers { get; init; } = 2;

    public string NodeImage { get; init; } = "asobi-node:latest";

    public string MatchmakerImage { get; init; } = "asobi-matchmaker:latest";

    /// <summary>The entry point's host name on the Ingress (clients register and connect there).</summary>
    public string Host { get; init; } = "play.example.com";

    /// <summary>
    /// Public host name per node for clients outside the cluster, with <c>{i}</c> for the pod ordinal
    /// (e.g. <c>node-{i}.play.example.com</c>); null keeps node URLs on the headless Service's in-cluster DNS names.
    /// </summary>
    public string? NodeHostTemplate { get; init; }

    /// <summary>Scheme clients use for public node host names.</summary>
    public bool Tls { get; init; } = true;

    /// <summary><c>external</c> (a managed server; the default) or <c>statefulset</c> (a single in-cluster server for trials).</summary>
    public string Postgres { get; init; } = "external";

    public int Port { get; init; } = 8080;

    public string Name { get; init; } = "asobi";

    public void Validate()
    {
        if (Nodes < 1 || Matchmakers < 1)
        {
            throw new ArgumentException("--nodes and --matchmakers must be at least 1.");
        }

        if (Postgres is not ("external" or "statefulset"))
        {
            throw new ArgumentException("--postgres must be 'external' or 'statefulset'.");
        }

        if (NodeHostTemplate is not null && !NodeHostTemplate.Contains("{i}", StringComparison.Ordinal))
        {
            throw new ArgumentException("--node-host must contain {i}, the node's ordinal (e.g. node-{i}.play.example.com).");
        }
    }
}
