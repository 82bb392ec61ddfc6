using System.Diagnostics;
using System.Globalization;
using System.Net;
using Asobi.Testing;

namespace Asobi.ClusterTests.Social;

/// <summary>A replica killed with SIGKILL: its players go offline for their friends on the surviving replicas.</summary>
[Collection(NodeKillCollection.Name)]
public sealed class NodeKilledClusterTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_friend_on_a_surviving_replica_sees_a_player_go_offline_after_their_replica_is_killed()
    {
        var (survivor, doomed) = (cluster.Nodes[0], cluster.Nodes[1]);
        using var direct = new HttpClient { BaseAddress = survivor.Url, Timeout = TimeSpan.FromSeconds(30) };
        var api = new AsobiApiClient(direct);
        var (alice, bob) = (await api.RegisterAsync(), await api.RegisterAsync());
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("friends", new { friend_id = bob.Id }, alice.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync($"friends/{alice.Id}", new { status = "accepted" }, bob.AccessToken)).Status);

        var (aliceWs, _) = await WsClient.ConnectAndAuthenticateAsync(WsUrl(survivor), alice.AccessToken);
        await using var _1 = aliceWs;
        var (bobWs, _) = await WsClient.ConnectAndAuthenticateAsync(WsUrl(doomed), bob.AccessToken);
        await using var _2 = bobWs;
        var online = await ReceivePresenceAsync(aliceWs, bob.Id, TimeSpan.FromSeconds(30));
        Assert.True(online.GetProperty("online").GetBoolean());

        var pid = ProcessOf(doomed);
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill(); // SIGKILL: no graceful stop, no registry or presence cleanup
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), $"process {pid} did not exit");
        }

        // The registry row expires after the node timeout (10 s), then a survivor's reconcile (every 2 s) reaps it.
        var offline = await ReceivePresenceAsync(aliceWs, bob.Id, TimeSpan.FromSeconds(60));
        Assert.False(offline.GetProperty("online").GetBoolean());
        var (_, friends) = await api.GetAsync("friends", alice.AccessToken);
        Assert.False(friends.GetProperty("friends")[0].GetProperty("presence").GetProperty("online").GetBoolean());
        await Eventually.TrueAsync(async () =>
        {
            var (status, nodes) = await api.GetAsync("cluster/nodes", alice.AccessToken);
            return status == HttpStatusCode.OK && nodes.GetProperty("nodes").GetArrayLength() == ClusterFixture.NodeCount - 1;
        }, TimeSpan.FromSeconds(30), "the killed replica leaves the node list");
    }

    private static string WsUrl(Replica replica) => $"ws://{replica.Url.Host}:{replica.Url.Port}/ws";

    private static async Task<System.Text.Json.JsonElement> ReceivePresenceAsync(WsClient socket, Guid player, TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        while (true)
        {
            var frame = await socket.ReceiveAsync(wait).WaitAsync(cts.Token);
            if (frame.GetProperty("type").GetString() == "presence.changed"
                && frame.GetProperty("payload").GetProperty("player_id").GetGuid() == player)
            {
                return frame.GetProperty("payload");
            }
        }
    }

    /// <summary>The process id of the replica: the one with a socket listening on the replica's port.</summary>
    private static int ProcessOf(Replica replica)
    {
        var inodes = ListeningInodes(replica.Url.Port);
        Assert.NotEmpty(inodes);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal)
                        && inodes.Contains(target[8..^1]))
                    {
                        return pid;
                    }
                }
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                // A process that exited meanwhile, or one we may not inspect.
            }
        }

        throw new InvalidOperationException($"No process listens on port {replica.Url.Port}.");
    }

    /// <summary>Socket inodes in LISTEN state (0A) on the port, from /proc/net/tcp and tcp6.</summary>
    private static HashSet<string> ListeningInodes(int port)
    {
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (cols.Length > 9 && cols[1].EndsWith(hexPort, StringComparison.Ordinal) && cols[3] == "0A")
                {
                    inodes.Add(cols[9]);
                }
            }
        }

        return inodes;
    }
}
