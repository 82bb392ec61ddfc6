using System.Diagnostics.Metrics;
using Asobi.Bus;
using Asobi.Cluster;
using Asobi.Matchmaker;
using Asobi.Matchmaking;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asobi.IntegrationTests.Matchmaking;

/// <summary>A matchmaker instance in the test process, sharing a node's bus and registry reader (as the matchmaker process would have its own).</summary>
public static class MatchmakerInstance
{
    public static async Task<MatchmakerLeader> StartAsync(NodeHost host, string connectionString, string instanceId, TimeSpan? tick = null, MatchmakerOptions? options = null)
    {
        var leader = new MatchmakerLeader(
            new MatchmakerLeaderSettings(instanceId, "test-host", Environment.ProcessId, MatchmakerLeaderSettings.Dedicated(connectionString)),
            Options.Create(options ?? new MatchmakerOptions { TickInterval = tick ?? TimeSpan.FromMilliseconds(200), PlacementTimeout = TimeSpan.FromSeconds(2) }),
            host.Service<IOptions<GameModesOptions>>(),
            host.Service<IOptions<ClusterOptions>>(),
            [new FillStrategy(), new SkillStrategy()],
            host.Service<NodeRegistryStore>(),
            new MatchmakerInstanceStore(host.Service<NpgsqlDataSource>()),
            host.Service<IClusterBus>(),
            new MatchmakerMetrics(host.Service<IMeterFactory>()),
            TimeProvider.System,
            NullLogger<MatchmakerLeader>.Instance);
        await leader.StartAsync(CancellationToken.None);
        return leader;
    }

    public static async Task StopAsync(this MatchmakerLeader leader)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await leader.StopAsync(cts.Token);
        leader.Dispose();
    }
}
