using System.Diagnostics;
using Asobi.IntegrationTests.Support;
using Asobi.Node.Social.Chat;
using Xunit.Abstractions;

namespace Asobi.IntegrationTests.Social;

/// <summary>The per-player send limit holds across nodes: sockets on two nodes do not double it.</summary>
public sealed class ChatRateAcrossNodesTests(DatabaseFixture db, ITestOutputHelper output) : TwoNodeTests(db)
{
    private const int Rate = 10; // the default Asobi:Chat:SendsPerSecond

    [Fact]
    public async Task A_player_flooding_from_sockets_on_two_nodes_is_held_near_the_cluster_rate()
    {
        var (sender, recipient) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await using var onA = await SocialKit.ConnectAsync(A, sender);
        await using var onB = await SocialKit.ConnectAsync(B, sender);

        // Both nodes learn that they share the player (a hello and an ack over the bus) before the flood.
        await Eventually.TrueAsync(
            () => Task.FromResult(A.Service<ChatRateLimiter>().SharedCount == 1
                && B.Service<ChatRateLimiter>().SharedCount == 1),
            TimeSpan.FromSeconds(10), "the nodes learn they share the player");

        // About 40 attempts a second (4× the limit), alternating nodes, for about 3 seconds.
        const int attempts = 120;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < attempts; i++)
        {
            await (i % 2 == 0 ? onA : onB).SendAsync("dm.send", new { recipient_id = recipient.Id, content = $"m{i}" }, $"c{i}");
            await Task.Delay(25);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var (sentA, limitedA) = await CountRepliesAsync(onA, attempts / 2);
        var (sentB, limitedB) = await CountRepliesAsync(onB, attempts / 2);
        var accepted = sentA + sentB;
        var detail = $"accepted {sentA}+{sentB}, limited {limitedA}+{limitedB} in {seconds:F1} s";
        output.WriteLine(detail);

        // Per node limits would accept about 2 × (burst + rate × seconds); the cluster limit about one burst plus the
        // rate, plus what the other node accepted in one report interval. Generous slack: one extra second's worth.
        Assert.True(accepted <= Rate + (Rate * (seconds + 1)), detail);
        Assert.True(accepted >= Math.Min(attempts, Rate * seconds * 0.6), detail);
        Assert.True(limitedA > 0 && limitedB > 0, detail);
        Assert.True(sentA > 0 && sentB > 0, detail);
    }

    [Fact]
    public async Task A_player_on_one_node_keeps_the_full_rate_and_its_sends_are_not_reported()
    {
        var (sender, recipient) = (await A.Api.RegisterAsync(), await A.Api.RegisterAsync());
        await using var onA = await SocialKit.ConnectAsync(A, sender);
        for (var i = 0; i < Rate + 5; i++)
        {
            await onA.SendAsync("dm.send", new { recipient_id = recipient.Id, content = $"m{i}" }, $"c{i}");
        }

        var (sent, limited) = await CountRepliesAsync(onA, Rate + 5);
        Assert.True(sent >= Rate, $"sent {sent}, limited {limited}");
        Assert.True(limited > 0, $"sent {sent}, limited {limited}");
        Assert.Equal(0, A.Service<ChatRateLimiter>().SharedCount);
    }

    private static async Task<(int Sent, int Limited)> CountRepliesAsync(WsClient socket, int expected)
    {
        var (sent, limited) = (0, 0);
        while (sent + limited < expected)
        {
            var frame = await socket.ReceiveAsync(TimeSpan.FromSeconds(20));
            if (frame.Type() == "dm.sent")
            {
                sent++;
            }
            else if (frame.Type() == "error")
            {
                Assert.Equal("chat.rate_limited", frame.ErrorCode());
                limited++;
            }
        }

        return (sent, limited);
    }
}
