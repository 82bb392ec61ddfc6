using k8s;
using k8s.Models;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Asobi.Deploy;

/// <summary>Writes one YAML file per object and a <c>kustomization.yaml</c> listing them, with image and replica overrides.</summary>
public static class ManifestWriter
{
    public static IReadOnlyList<string> Write(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects, DeployOptions options, string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            var file = $"{i + 1:00}-{o.Kind.ToLowerInvariant()}-{o.Metadata.Name}.yaml";
            File.WriteAllText(Path.Combine(directory, file), KubernetesYaml.Serialize(o));
            files.Add(file);
        }

        File.WriteAllText(Path.Combine(directory, "kustomization.yaml"), Kustomization(files, options));
        return files;
    }

    internal static string Kustomization(IReadOnlyList<string> files, DeployOptions options)
    {
        var names = new ObjectNames(options.Name);
        var document = new KustomizationFile
        {
            Resources = [.. files],
            // Change image names/tags and sizes here (or in an overlay) without touching the generated files.
            Images = [ImageFor(options.NodeImage), ImageFor(options.MatchmakerImage)],
            Replicas =
            [
                new ReplicaOverride { Name = names.Node, Count = options.Nodes },
                new ReplicaOverride { Name = names.Matchmaker, Count = options.Matchmakers },
            ],
        };
        return new SerializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .Build()
            .Serialize(document);
    }

    private static ImageOverride ImageFor(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/')
            ? new ImageOverride { Name = image[..colon], NewTag = image[(colon + 1)..] }
            : new ImageOverride { Name = image, NewTag = "latest" };
    }

    private sealed class KustomizationFile
    {
        public string ApiVersion { get; init; } = "kustomize.config.k8s.io/v1beta1";

        public string Kind { get; init; } = "Kustomization";

        public List<string> Resources { get; init; } = [];

        public List<ImageOverride> Images { get; init; } = [];

        public List<ReplicaOverride> Replicas { get; init; } = [];
    }

    private sealed class ImageOverride
    {
        public string Name { get; init; } = "";

        public string? NewName { get; init; }

        public string NewTag { get; init; } = "";
    }

    private sealed class ReplicaOverride
    {
        public string Name { get; init; } = "";

        public int Count { get; init; }
    }
}
