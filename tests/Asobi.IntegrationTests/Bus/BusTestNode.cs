using Asobi.Bus;
using Asobi.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Asobi.IntegrationTests.Bus;

/// <summary>One process's worth of bus: a host with <c>AddClusterBus</c> as a node would register it.</summary>
internal sealed class BusTestNode : IAsyncDisposable
{
    private readonly IHost host;
    private int resynchronizations;

    private BusTestNode(IHost host, CollectingLoggerProvider logs)
    {
        this.host = host;
        Logs = logs;
        Bus = host.Services.GetRequiredService<IClusterBus>();
        Bus.OnResynchronize(_ =>
        {
            Interlocked.Increment(ref resynchronizations);
            return ValueTask.CompletedTask;
        });
    }

    public IClusterBus Bus { get; }

    public CollectingLoggerProvider Logs { get; }

    public IServiceProvider Services => host.Services;

    public int Resynchronizations => Volatile.Read(ref resynchronizations);

    public static async Task<BusTestNode> StartAsync(
        string connectionString,
        string nodeId,
        IDictionary<string, string?>? settings = null,
        bool waitUntilConnected = true)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:asobi"] = connectionString,
            ["Asobi:Bus:ShutdownFlushTimeout"] = "00:00:02",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var logs = new CollectingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton(new NodeIdentity(nodeId));
        builder.Services.AddClusterBus();
        var host = builder.Build();
        await host.StartAsync();
        var node = new BusTestNode(host, logs);
        if (waitUntilConnected)
        {
            await Eventually.TrueAsync(() => node.Bus.IsConnected, $"{nodeId} never connected");
        }

        return node;
    }

    public async Task<HealthStatus> BusHealthAsync()
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(r => r.Name == "bus");
        return report.Entries["bus"].Status;
    }

    public EventCollector Collect(string topic) => new(Bus, topic);

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        if (host is IAsyncDisposable d)
        {
            await d.DisposeAsync();
        }
    }
}
