using System.Text.Json;

namespace Asobi.Deploy;

/// <summary>The parts of an Aspire manifest (<c>--publisher manifest</c>) the generator reads.</summary>
public sealed class AspireManifest
{
    private AspireManifest(IReadOnlyDictionary<string, ManifestResource> resources) => Resources = resources;

    public IReadOnlyDictionary<string, ManifestResource> Resources { get; }

    public ManifestResource Project(string name) =>
        Resources.TryGetValue(name, out var r) && r.Type == "project.v0"
            ? r
            : throw new InvalidOperationException($"The Aspire manifest has no project resource '{name}'.");

    public static AspireManifest Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException("Not an Aspire manifest: no \"resources\" object.");
        }

        var map = new Dictionary<string, ManifestResource>(StringComparer.Ordinal);
        foreach (var resource in resources.EnumerateObject())
        {
            var type = resource.Value.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            var env = new List<KeyValuePair<string, string>>();
            if (resource.Value.TryGetProperty("env", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                env.AddRange(e.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString() ?? "")));
            }

            var bindings = new List<string>();
            if (resource.Value.TryGetProperty("bindings", out var b) && b.ValueKind == JsonValueKind.Object)
            {
                bindings.AddRange(b.EnumerateObject().Select(p => p.Name));
            }

            map[resource.Name] = new ManifestResource(resource.Name, type, env, bindings);
        }

        return new AspireManifest(map);
    }
}

/// <summary>One resource: its type, its environment (values may hold <c>{resource.property}</c> references) and bindings.</summary>
public sealed record ManifestResource(string Name, string Type, IReadOnlyList<KeyValuePair<string, string>> Env, IReadOnlyList<string> Bindings);
