using k8s;
using k8s.Models;

namespace Asobi.Deploy;

/// <summary>
/// The Kubernetes objects for the topology in an Aspire manifest: nodes as a StatefulSet behind a headless Service
/// (stable per-pod DNS names for migration) and an entry Service + Ingress; matchmakers as a Deployment; the
/// database as a Secret reference, optionally with a single in-cluster PostgreSQL for trials.
/// </summary>
public static class KubernetesGenerator
{
    public const string NodeProject = "node";
    public const string MatchmakerProject = "matchmaker";

    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Generate(AspireManifest manifest, DeployOptions options)
    {
        options.Validate();
        var names = new ObjectNames(options.Name);
        var objects = new List<IKubernetesObject<V1ObjectMeta>>();
        objects.AddRange(NodeObjects.Create(manifest.Project(NodeProject), options, names));
        objects.Add(MatchmakerObjects.Create(manifest.Project(MatchmakerProject), options, names));
        objects.Add(IngressObjects.Create(options, names));
        if (options.Postgres == "statefulset")
        {
            objects.AddRange(PostgresObjects.Create(names));
        }

        return objects;
    }
}

/// <summary>Object names derived from one prefix, so Services, selectors and references agree.</summary>
public sealed record ObjectNames(string Prefix)
{
    public string Node => $"{Prefix}-node";

    public string NodeHeadless => $"{Prefix}-node";

    public string NodeEntry => $"{Prefix}-node-entry";

    public string NodeAt(int i) => $"{Prefix}-node-{i}";

    public string Matchmaker => $"{Prefix}-matchmaker";

    public string Ingress => Prefix;

    public string DatabaseSecret => $"{Prefix}-database";

    public string TlsSecret => $"{Prefix}-tls";

    public string Postgres => $"{Prefix}-postgres";

    public string PostgresSecret => $"{Prefix}-postgres";
}
