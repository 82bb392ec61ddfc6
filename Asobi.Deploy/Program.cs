using Asobi.Deploy;

// asobi-deploy kubernetes --output DIR [options]: Kubernetes manifests for the AppHost's topology.
const string Usage = """
    usage: dotnet run --project Asobi.Deploy -- kubernetes --output DIR [options]
      --manifest FILE        an Aspire manifest to read (default: publish Asobi.AppHost's)
      --apphost PATH         the AppHost project to publish (default: Asobi.AppHost)
      --nodes N              node pods (default 3)
      --matchmakers N        matchmaker pods (default 2)
      --host NAME            entry host on the Ingress (default play.example.com)
      --node-host TEMPLATE   public host per node, {i} = ordinal (e.g. node-{i}.play.example.com)
      --no-tls               plain ws:// and no TLS section on the Ingress
      --postgres MODE        external (default) | statefulset
      --node-image IMAGE     (default asobi-node:latest)
      --matchmaker-image IMAGE (default asobi-matchmaker:latest)
      --name PREFIX          object name prefix (default asobi)
    """;

try
{
    var (options, output, manifestPath, appHost) = CommandLine.Parse(args);
    var json = manifestPath is not null
        ? await File.ReadAllTextAsync(manifestPath)
        : await AppHostManifest.PublishAsync(appHost, CancellationToken.None);
    var objects = KubernetesGenerator.Generate(AspireManifest.Parse(json), options);
    var files = ManifestWriter.Write(objects, options, output);
    Console.WriteLine($"Wrote {files.Count} objects and kustomization.yaml to {output}");
    return 0;
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message + Environment.NewLine + Usage);
    return 2;
}
catch (InvalidOperationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}
