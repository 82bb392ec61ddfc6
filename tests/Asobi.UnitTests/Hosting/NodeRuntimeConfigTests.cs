using System.Text.Json;

namespace Asobi.UnitTests.Hosting;

/// <summary>
/// The runtime settings a node ships with are written by the build into its runtimeconfig.json; a misspelt
/// MSBuild property is silently ignored, so the file itself is checked.
/// </summary>
public class NodeRuntimeConfigTests
{
    [Fact]
    public void Node_ships_with_the_workstation_collector()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Asobi.Node.runtimeconfig.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var properties = doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty("System.GC.Server", out var server), "the node's runtimeconfig names no collector");
        Assert.False(server.GetBoolean());
    }
}
