using k8s;
using k8s.Models;

namespace Asobi.Deploy;

/// <summary>
/// Nodes: a StatefulSet (stable pod names <c>asobi-node-0..N-1</c>), a headless Service giving each pod a DNS name,
/// an entry Service for the Ingress, and with public node host names one Service per pod.
/// </summary>
internal static class NodeObjects
{
    public static IEnumerable<IKubernetesObject<V1ObjectMeta>> Create(ManifestResource project, DeployOptions options, ObjectNames names)
    {
        var labels = Workloads.Labels(names.Node, "node");
        var env = EnvironmentMapper.Map(project, names.DatabaseSecret, options.Port);
        env.Add(EnvironmentMapper.FieldEnv("POD_NAME", "metadata.name"));
        env.Add(EnvironmentMapper.FieldEnv("POD_NAMESPACE", "metadata.namespace"));
        env.Add(EnvironmentMapper.FieldEnv("POD_INDEX", $"metadata.labels['{Workloads.PodIndexLabel}']"));
        env.Add(new V1EnvVar { Name = "Asobi__Node__Id", Value = "$(POD_NAME)" });
        env.Add(new V1EnvVar { Name = "Asobi__Node__PublicUrl", Value = PublicUrl(options, names) });

        yield return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = new V1ObjectMeta { Name = names.Node, Labels = labels },
            Spec = new V1StatefulSetSpec
            {
                ServiceName = names.NodeHeadless,
                Replicas = options.Nodes,
                // Nodes are independent: start and replace them in parallel, not one by one.
                PodManagementPolicy = "Parallel",
                Selector = new V1LabelSelector { MatchLabels = Workloads.Selector(names.Node) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        // Sockets get "going away" (1001) and the registry row is removed; allow time for both.
                        TerminationGracePeriodSeconds = 60,
                        Containers = [Workloads.Container("node", options.NodeImage, options.Port, env, "500m", "512Mi", "2Gi")],
                    },
                },
            },
        };

        yield return Service(names.NodeHeadless, labels, Workloads.Selector(names.Node), options.Port, headless: true);
        yield return Service(names.NodeEntry, labels, Workloads.Selector(names.Node), options.Port, headless: false);
        if (options.NodeHostTemplate is not null)
        {
            for (var i = 0; i < options.Nodes; i++)
            {
                var selector = new Dictionary<string, string> { ["statefulset.kubernetes.io/pod-name"] = $"{names.Node}-{i}" };
                yield return Service(names.NodeAt(i), labels, selector, options.Port, headless: false);
            }
        }
    }

    /// <summary>What a node announces for <c>match.migrate</c>: its public host name, or its in-cluster DNS name.</summary>
    public static string PublicUrl(DeployOptions options, ObjectNames names) =>
        options.NodeHostTemplate is { } template
            ? $"{(options.Tls ? "wss" : "ws")}://{template.Replace("{i}", "$(POD_INDEX)", StringComparison.Ordinal)}/ws"
            : $"ws://$(POD_NAME).{names.NodeHeadless}.$(POD_NAMESPACE).svc.cluster.local:{options.Port}/ws";

    private static V1Service Service(string name, Dictionary<string, string> labels, Dictionary<string, string> selector, int port, bool headless) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1ServiceSpec
        {
            ClusterIP = headless ? "None" : null,
            Selector = selector,
            Ports = [new V1ServicePort { Port = headless ? port : 80, Name = "http", TargetPort = port }],
        },
    };
}
