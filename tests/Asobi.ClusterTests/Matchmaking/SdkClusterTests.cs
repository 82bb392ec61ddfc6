using System.Collections.Concurrent;
using System.Text.Json;
using Asobi.Client;
using Asobi.Client.Realtime;
using Asobi.Testing;

namespace Asobi.ClusterTests.Matchmaking;

/// <summary>
/// Two C# SDK clients through the load-balanced entry point of three replicas: wherever they land, the SDK follows
/// <c>match.migrate</c> on its own and both play the demo match on its host.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SdkClusterTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Sdk_clients_through_the_entry_point_play_demo_on_the_host_and_the_ones_placed_elsewhere_migrate()
    {
        var migrations = 0;
        for (var run = 0; run < 12 && (run < 3 || migrations == 0); run++)
        {
            using var a = await SignedInAsync();
            using var b = await SignedInAsync();
            await using var sa = a.CreateSocket();
            await using var sb = b.CreateSocket();
            var joinedA = Joined(sa);
            var joinedB = Joined(sb);
            var moved = new ConcurrentBag<MatchMigration>();
            sa.Migrated += moved.Add;
            sb.Migrated += moved.Add;
            var states = new ConcurrentQueue<JsonElement>();
            sa.MatchState += states.Enqueue;
            await sa.ConnectAsync();
            await sb.ConnectAsync();
            var (nodeA, nodeB) = (sa.NodeId, sb.NodeId);

            await sa.AddToMatchmakerAsync("demo");
            await sb.AddToMatchmakerAsync("demo");
            var ma = await joinedA.Task.WaitAsync(TimeSpan.FromSeconds(15));
            var mb = await joinedB.Task.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(ma.MatchId, mb.MatchId);
            Assert.Equal(2, Math.Max(ma.PlayerCount, mb.PlayerCount));

            // Both sockets end up on the host; a player who started elsewhere got there by migrating.
            Assert.Equal(ma.NodeId, sa.NodeId);
            Assert.Equal(ma.NodeId, sb.NodeId);
            var expected = (nodeA == ma.NodeId ? 0 : 1) + (nodeB == ma.NodeId ? 0 : 1);
            Assert.Equal(expected, moved.Count);
            migrations += expected;

            // Player A moves, as the SDK smoke test checks.
            var me = a.Session!.PlayerId.ToString();
            await Eventually.TrueAsync(() => Task.FromResult(states.Any(s => s.GetProperty("players").TryGetProperty(me, out _))), TimeSpan.FromSeconds(5));
            var start = states.Last(s => s.GetProperty("players").TryGetProperty(me, out _)).GetProperty("players").GetProperty(me).GetProperty("x").GetDouble();
            sa.SendMatchInput(new { move_x = start > 400 ? -1 : 1, move_y = 0 });
            await Eventually.TrueAsync(() => Task.FromResult(Math.Abs(states.Last().GetProperty("players").GetProperty(me).GetProperty("x").GetDouble() - start) > 10),
                TimeSpan.FromSeconds(3), $"run {run}: player A did not move");

            // Leave, so the match ends now rather than ticking on under the tests that follow.
            await sa.LeaveMatchAsync();
            await sb.LeaveMatchAsync();
        }

        Assert.True(migrations > 0, "the entry point never put two players of one match on different replicas");
    }

    private async Task<AsobiClient> SignedInAsync()
    {
        var client = new AsobiClient(cluster.EntryPoint);
        await client.Accounts.RegisterAsync("sdk" + Guid.NewGuid().ToString("N")[..12], "sdk-password-123");
        return client;
    }

    private static TaskCompletionSource<MatchJoined> Joined(AsobiSocket socket)
    {
        var joined = new TaskCompletionSource<MatchJoined>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.MatchJoined += j => joined.TrySetResult(j);
        return joined;
    }
}
