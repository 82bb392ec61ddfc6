using System.Diagnostics;
using Asobi.IntegrationTests.Support;
using Asobi.Matchmaker;
using Npgsql;

namespace Asobi.IntegrationTests.Matchmaking;

/// <summary>Two matchmaker instances on one database: one leads, and losing its connection hands the lead over.</summary>
public sealed class LeaderFailoverTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private NodeHost node = null!;
    private MatchmakerLeader first = null!;
    private MatchmakerLeader second = null!;

    public async Task InitializeAsync()
    {
        node = await NodeHost.StartAsync(db.ConnectionString);
        first = await MatchmakerInstance.StartAsync(node, db.ConnectionString, "mm-1", TimeSpan.FromSeconds(1));
        second = await MatchmakerInstance.StartAsync(node, db.ConnectionString, "mm-2", TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => Task.FromResult(first.IsLeader || second.IsLeader), TimeSpan.FromSeconds(5));
    }

    public async Task DisposeAsync()
    {
        await first.StopAsync();
        await second.StopAsync();
        await node.DisposeAsync();
    }

    [Fact]
    public async Task Exactly_one_instance_leads_and_the_cluster_view_names_it()
    {
        Assert.True(first.IsLeader ^ second.IsLeader);
        var leader = first.IsLeader ? first : second;
        var player = await node.Api.RegisterAsync();

        await Eventually.TrueAsync(async () =>
        {
            var (_, body) = await node.Api.GetAsync("cluster/matchmaker", player.AccessToken);
            return body.GetProperty("instances").GetArrayLength() == 2
                && body.GetProperty("leader").ValueKind == System.Text.Json.JsonValueKind.Object
                && body.GetProperty("leader").GetProperty("instance_id").GetString() == leader.InstanceId;
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Killing_the_leaders_connection_hands_over_within_five_seconds_losing_no_ticket_and_matching_none_twice()
    {
        var leader = first.IsLeader ? first : second;
        var standby = first.IsLeader ? second : first;
        var pa = await node.Api.RegisterAsync();
        var pb = await node.Api.RegisterAsync();
        var (ca, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, pa.AccessToken);
        var (cb, _) = await WsClient.ConnectAndAuthenticateAsync(node.WsUrl, pb.AccessToken);
        await using var __ = ca;
        await using var ___ = cb;

        await ca.SendAsync("matchmaker.add", new { mode = "demo" });
        await ca.ReceiveTypeAsync("matchmaker.queued");
        var clock = Stopwatch.StartNew();
        await TerminateAsync(leader.BackendPid!.Value);
        await cb.SendAsync("matchmaker.add", new { mode = "demo" });

        var ma = (await ca.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(6))).GetProperty("payload");
        var mb = (await cb.ReceiveTypeAsync("match.matched", TimeSpan.FromSeconds(6))).GetProperty("payload");
        var elapsed = clock.Elapsed;
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"matched {elapsed.TotalMilliseconds:F0} ms after the kill");
        Assert.Equal(ma.GetProperty("match_id").GetString(), mb.GetProperty("match_id").GetString());
        Assert.True(standby.IsLeader);

        // The old leader notices at its next statement (it could not write meanwhile: its connection is gone and its epoch is stale).
        await Eventually.TrueAsync(() => Task.FromResult(!leader.IsLeader), TimeSpan.FromSeconds(3));

        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(*) FROM match_records WHERE $1 = ANY (players) OR $2 = ANY (players)", conn)
        {
            Parameters = { new() { Value = pa.Id }, new() { Value = pb.Id } },
        };
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    private async Task TerminateAsync(int pid)
    {
        await using var conn = new NpgsqlConnection(db.Server.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_terminate_backend($1)", conn) { Parameters = { new() { Value = pid } } };
        Assert.Equal(true, await cmd.ExecuteScalarAsync());
    }
}
