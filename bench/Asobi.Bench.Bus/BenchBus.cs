using Asobi.Bus;
using Asobi.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Asobi.Bench.Bus;

/// <summary>A host with the bus registered as a node registers it; warnings and errors go to stderr.</summary>
internal static class BenchBus
{
    public static async Task<IHost> StartAsync(string connectionString, string nodeId, bool batching)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:asobi"] = connectionString,
            ["Asobi:Bus:Batching"] = batching ? "true" : "false",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(new NodeIdentity(nodeId));
        builder.Services.AddClusterBus();
        var host = builder.Build();
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IClusterBus>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!bus.IsConnected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{nodeId} could not connect");
            }

            await Task.Delay(10);
        }

        return host;
    }

    /// <summary>Runs the shipped migration that creates the overflow table (idempotent).</summary>
    public static async Task ApplyBusMigrationAsync(string connectionString)
    {
        var assembly = typeof(IClusterBus).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("0002_bus.sql", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(await reader.ReadToEndAsync(), connection);
        await command.ExecuteNonQueryAsync();
    }
}
