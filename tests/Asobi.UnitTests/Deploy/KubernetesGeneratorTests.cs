using System.Diagnostics;
using Asobi.Deploy;
using k8s;
using k8s.Models;

namespace Asobi.UnitTests.Deploy;

public sealed class KubernetesGeneratorTests
{
    private static readonly AspireManifest Manifest =
        AspireManifest.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Deploy", "aspire-manifest.sample.json")));

    [Fact]
    public void Nodes_are_a_statefulset_behind_a_headless_service_with_the_requested_count()
    {
        var objects = Generate(new DeployOptions { Nodes = 5 });
        var nodes = Single<V1StatefulSet>(objects, "asobi-node");
        var headless = Single<V1Service>(objects, nodes.Spec.ServiceName);
        Assert.Equal(5, nodes.Spec.Replicas);
        Assert.Equal("None", headless.Spec.ClusterIP);
        Assert.Equal(nodes.Spec.Selector.MatchLabels, headless.Spec.Selector);
        Assert.All(nodes.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, nodes.Spec.Template.Metadata.Labels[l.Key]));
        Assert.Equal(2, Single<V1Deployment>(objects, "asobi-matchmaker").Spec.Replicas);
    }

    [Fact]
    public void Every_setting_a_service_reads_is_set_and_secrets_are_references()
    {
        foreach (var container in Containers(Generate(new DeployOptions())))
        {
            var env = container.Env.ToDictionary(e => e.Name);
            Assert.Equal("connection-string", env["ConnectionStrings__asobi"].ValueFrom.SecretKeyRef.Key);
            Assert.Equal("asobi-database", env["ConnectionStrings__asobi"].ValueFrom.SecretKeyRef.Name);
            Assert.True(env["ConnectionStrings__asobi-direct"].ValueFrom.SecretKeyRef.Optional);
            Assert.Equal("$(POD_NAME)", env["Asobi__Node__Id"].Value);
            Assert.Equal("8080", env["HTTP_PORTS"].Value);
            Assert.DoesNotContain(env.Values, e => e.Value is { } v && (v.Contains('{', StringComparison.Ordinal) || v.Contains("Password", StringComparison.OrdinalIgnoreCase)));
            Assert.DoesNotContain(env.Keys, k => k.StartsWith("ASOBI_", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Ports_probes_and_backends_agree_across_objects()
    {
        var objects = Generate(new DeployOptions { NodeHostTemplate = "node-{i}.play.example.com" });
        var services = objects.OfType<V1Service>().ToDictionary(s => s.Metadata.Name);
        foreach (var container in Containers(objects))
        {
            var port = container.Ports.Single().ContainerPort;
            Assert.Equal(port, container.ReadinessProbe.HttpGet.Port.Value is var p ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : 0);
            Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
            Assert.Equal(5, container.Lifecycle.PreStop.Sleep.Seconds);
        }

        foreach (var service in services.Values)
        {
            Assert.All(service.Spec.Ports, p => Assert.Equal("8080", p.TargetPort.Value));
        }

        var ingress = Single<V1Ingress>(objects, "asobi");
        Assert.Equal("3600", ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]);
        Assert.Equal("3600", ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"]);
        foreach (var backend in ingress.Spec.Rules.SelectMany(r => r.Http.Paths).Select(p => p.Backend.Service))
        {
            Assert.True(services.TryGetValue(backend.Name, out var target), $"no Service {backend.Name}");
            Assert.Contains(target.Spec.Ports, p => p.Port == backend.Port.Number);
        }
    }

    [Fact]
    public void Public_node_hosts_give_each_pod_a_service_an_ingress_rule_and_its_url()
    {
        var objects = Generate(new DeployOptions { Nodes = 2, NodeHostTemplate = "node-{i}.play.example.com" });
        var ingress = Single<V1Ingress>(objects, "asobi");
        Assert.Equal(["play.example.com", "node-0.play.example.com", "node-1.play.example.com"], ingress.Spec.Rules.Select(r => r.Host));
        Assert.Equal("asobi-node-1", Single<V1Service>(objects, "asobi-node-1").Spec.Selector["statefulset.kubernetes.io/pod-name"]);
        var env = Single<V1StatefulSet>(objects, "asobi-node").Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name);
        Assert.Equal("wss://node-$(POD_INDEX).play.example.com/ws", env["Asobi__Node__PublicUrl"].Value);
        Assert.Equal("metadata.labels['apps.kubernetes.io/pod-index']", env["POD_INDEX"].ValueFrom.FieldRef.FieldPath);
    }

    [Fact]
    public void Without_public_node_hosts_nodes_announce_their_headless_dns_names()
    {
        var objects = Generate(new DeployOptions { Tls = false });
        var env = Single<V1StatefulSet>(objects, "asobi-node").Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name);
        Assert.Equal("ws://$(POD_NAME).asobi-node.$(POD_NAMESPACE).svc.cluster.local:8080/ws", env["Asobi__Node__PublicUrl"].Value);
        Assert.Null(Single<V1Ingress>(objects, "asobi").Spec.Tls);
        Assert.DoesNotContain(objects, o => o.Metadata.Name == "asobi-node-0");
    }

    [Fact]
    public void A_trial_postgres_takes_its_password_from_a_secret()
    {
        var objects = Generate(new DeployOptions { Postgres = "statefulset" });
        var pg = Single<V1StatefulSet>(objects, "asobi-postgres");
        var password = pg.Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "POSTGRES_PASSWORD");
        Assert.Null(password.Value);
        Assert.Equal("asobi-postgres", password.ValueFrom.SecretKeyRef.Name);
        Assert.DoesNotContain(Generate(new DeployOptions()), o => o.Metadata.Name == "asobi-postgres");
    }

    [Theory]
    [InlineData("--nodes", "0")]
    [InlineData("--nodes", "x")]
    [InlineData("--postgres", "sqlite")]
    [InlineData("--node-host", "node.example.com")]
    [InlineData("--bogus", "1")]
    public void Bad_arguments_are_refused_with_a_message(string name, string value) =>
        Assert.Throws<ArgumentException>(() => CommandLine.Parse(["kubernetes", "--output", "out", name, value]));

    [Fact]
    public void A_manifest_without_the_node_project_is_refused()
    {
        var manifest = AspireManifest.Parse("""{"resources":{"matchmaker":{"type":"project.v0"}}}""");
        Assert.Throws<InvalidOperationException>(() => KubernetesGenerator.Generate(manifest, new DeployOptions()));
        Assert.Throws<InvalidOperationException>(() => AspireManifest.Parse("""{"nothing":1}"""));
    }

    [SkippableFact]
    public void The_written_folder_builds_with_kubectl_kustomize_and_round_trips_to_typed_objects()
    {
        var dir = Path.Combine(Path.GetTempPath(), "asobi-k8s-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new DeployOptions { Nodes = 4, NodeHostTemplate = "node-{i}.play.example.com", Postgres = "statefulset" };
            var objects = Generate(options);
            var files = ManifestWriter.Write(objects, options, dir);
            var reread = files.SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(dir, f)))).ToList();
            Assert.Equal(objects.Select(o => (o.Kind, o.Metadata.Name)), reread.Cast<IKubernetesObject<V1ObjectMeta>>().Select(o => (o.Kind, o.Metadata.Name)));

            Skip.If(!OnPath("kubectl"), "kubectl is not installed; the offline kustomize check needs it.");
            var psi = new ProcessStartInfo("kubectl", ["kustomize", dir]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            var errors = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, errors);
            var built = KubernetesYaml.LoadAllFromString(output);
            Assert.Equal(objects.Count, built.Count);
            Assert.Equal(4, built.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "asobi-node").Spec.Replicas);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Generate(DeployOptions options) => KubernetesGenerator.Generate(Manifest, options);

    private static T Single<T>(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, string name) =>
        objects.OfType<T>().Single(o => ((IKubernetesObject<V1ObjectMeta>)o!).Metadata.Name == name);

    private static IEnumerable<V1Container> Containers(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects) =>
        objects.OfType<V1StatefulSet>().Where(s => s.Metadata.Name == "asobi-node").SelectMany(s => s.Spec.Template.Spec.Containers)
            .Concat(objects.OfType<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers));

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));
}
