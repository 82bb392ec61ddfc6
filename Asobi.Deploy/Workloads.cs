using k8s.Models;

namespace Asobi.Deploy;

/// <summary>Pieces every Asobi workload shares: labels, probes, the container and its lifecycle.</summary>
internal static class Workloads
{
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";

    public static Dictionary<string, string> Labels(string app, string component) => new()
    {
        ["app.kubernetes.io/name"] = app,
        ["app.kubernetes.io/component"] = component,
        ["app.kubernetes.io/part-of"] = "asobi",
    };

    public static Dictionary<string, string> Selector(string app) => new() { ["app.kubernetes.io/name"] = app };

    public static V1Container Container(string name, string image, int port, List<V1EnvVar> env, string cpu, string memory, string memoryLimit) => new()
    {
        Name = name,
        Image = image,
        Ports = [new V1ContainerPort { ContainerPort = port, Name = "http" }],
        Env = env,
        // /alive: the process runs. /health: ready for traffic (Degraded while the bus reconnects still counts as ready).
        StartupProbe = Probe("/alive", port, period: 2, failures: 30),
        LivenessProbe = Probe("/alive", port, period: 10, failures: 3),
        ReadinessProbe = Probe("/health", port, period: 5, failures: 2),
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory) },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new(memoryLimit) },
        },
        // Leave the load balancer a moment to stop routing here before the process starts closing sockets.
        Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { Sleep = new V1SleepAction { Seconds = 5 } } },
    };

    private static V1Probe Probe(string path, int port, int period, int failures) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = port },
        PeriodSeconds = period,
        FailureThreshold = failures,
        TimeoutSeconds = 2,
    };
}
