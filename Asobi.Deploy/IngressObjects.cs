using k8s.Models;

namespace Asobi.Deploy;

/// <summary>
/// The Ingress (ingress-nginx): the entry host routes to every node; with public node host names, one rule per
/// node routes to that pod alone, which is how <c>match.migrate</c> URLs reach the node hosting a match.
/// </summary>
internal static class IngressObjects
{
    // WebSockets live for hours; the default 60 s proxy timeouts would cut idle sockets.
    private static readonly Dictionary<string, string> NginxWebSocketAnnotations = new()
    {
        ["nginx.ingress.kubernetes.io/proxy-read-timeout"] = "3600",
        ["nginx.ingress.kubernetes.io/proxy-send-timeout"] = "3600",
    };

    public static V1Ingress Create(DeployOptions options, ObjectNames names)
    {
        var rules = new List<V1IngressRule> { Rule(options.Host, names.NodeEntry) };
        var hosts = new List<string> { options.Host };
        if (options.NodeHostTemplate is { } template)
        {
            for (var i = 0; i < options.Nodes; i++)
            {
                var host = template.Replace("{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
                rules.Add(Rule(host, names.NodeAt(i)));
                hosts.Add(host);
            }
        }

        return new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "Ingress",
            Metadata = new V1ObjectMeta { Name = names.Ingress, Annotations = NginxWebSocketAnnotations, Labels = Workloads.Labels(names.Ingress, "ingress") },
            Spec = new V1IngressSpec
            {
                IngressClassName = "nginx",
                Rules = rules,
                Tls = options.Tls ? [new V1IngressTLS { Hosts = hosts, SecretName = names.TlsSecret }] : null,
            },
        };
    }

    private static V1IngressRule Rule(string host, string service) => new()
    {
        Host = host,
        Http = new V1HTTPIngressRuleValue
        {
            Paths = [new V1HTTPIngressPath
            {
                Path = "/",
                PathType = "Prefix",
                Backend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = service, Port = new V1ServiceBackendPort { Number = 80 } } },
            }],
        },
    };
}
