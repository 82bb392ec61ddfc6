using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Asobi.ClusterTests;

/// <summary>The deployment manifest, produced the way a user would: <c>dotnet run -- --publisher manifest</c>.</summary>
public sealed class ManifestTests : IDisposable
{
    private readonly string outputDir = Path.Combine(Path.GetTempPath(), "asobi-manifest-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task Publishing_describes_postgres_as_a_container_and_one_project_per_service()
    {
        var manifest = Path.Combine(outputDir, "aspire-manifest.json");
        var output = await PublishAsync(manifest);

        var resources = JsonNode.Parse(await File.ReadAllTextAsync(manifest))?["resources"]?.AsObject();
        Assert.True(resources is not null, output);

        Assert.Equal("container.v0", (string?)resources["postgres"]?["type"]);
        Assert.StartsWith("docker.io/library/postgres:", (string?)resources["postgres"]?["image"], StringComparison.Ordinal);
        Assert.NotNull(resources["postgres"]?["volumes"]?[0]);
        Assert.Equal("parameter.v0", (string?)resources["pg-password"]?["type"]);
        Assert.Equal(true, (bool?)resources["pg-password"]?["inputs"]?["value"]?["secret"]);
        Assert.Contains("{postgres.connectionString}", (string?)resources["asobi"]?["connectionString"], StringComparison.Ordinal);
        Assert.DoesNotContain(resources, r => (string?)r.Value?["type"] == "executable.v0");

        // Replicas are one resource, not one per replica; the manifest format has no replica count.
        var projects = resources.Where(r => (string?)r.Value?["type"] == "project.v0").Select(r => r.Key).Order().ToList();
        Assert.Equal(["matchmaker", "node"], projects);
        foreach (var name in projects)
        {
            Assert.Equal("{asobi.connectionString}", (string?)resources[name]?["env"]?["ConnectionStrings__asobi"]);
            Assert.Equal("http", (string?)resources[name]?["bindings"]?["http"]?["scheme"]);
        }

        Assert.Equal(true, (bool?)resources["node"]?["bindings"]?["http"]?["external"]);
        Assert.Null(resources["matchmaker"]?["bindings"]?["http"]?["external"]);
    }

    [Fact]
    public async Task The_published_manifest_turns_into_kubernetes_objects_for_every_service()
    {
        var manifest = Path.Combine(outputDir, "aspire-manifest.json");
        await PublishAsync(manifest);
        var objects = Asobi.Deploy.KubernetesGenerator.Generate(
            Asobi.Deploy.AspireManifest.Parse(await File.ReadAllTextAsync(manifest)), new Asobi.Deploy.DeployOptions());
        Assert.Contains(objects, o => o.Kind == "StatefulSet" && o.Metadata.Name == "asobi-node");
        Assert.Contains(objects, o => o.Kind == "Deployment" && o.Metadata.Name == "asobi-matchmaker");
        Assert.Contains(objects, o => o.Kind == "Ingress");
    }

    public void Dispose()
    {
        if (Directory.Exists(outputDir))
        {
            Directory.Delete(outputDir, recursive: true);
        }
    }

    private static async Task<string> PublishAsync(string manifest)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "run", "--project", Projects.Asobi_AppHost.ProjectPath, "--no-build", "-c", Configuration,
            "--", "--publisher", "manifest", "--output-path", manifest,
        ];
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Publishing must not depend on a developer's own database settings.
        psi.Environment.Remove("ConnectionStrings__asobi");
        psi.Environment.Remove("Postgres__Mode");

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(cts.Token);
        var output = await stdout + await stderr;
        Assert.True(p.ExitCode == 0, output);
        return output;
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
}
