using System.Diagnostics.Metrics;
using System.Text;
using Asobi.Node;
using Asobi.Node.Realtime;
using Asobi.Node.Social.Chat;
using Asobi.UnitTests.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Social;

public sealed class ChatRateLimiterTests
{
    private const int Rate = 10;
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void A_budget_allows_a_burst_refills_over_time_and_remote_sends_can_push_it_below_zero_down_to_one_burst()
    {
        var budget = new ChatSendBudget(Rate, time);
        Assert.Equal(Rate, Enumerable.Range(0, 20).Count(_ => budget.TryTake()));
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(5, Enumerable.Range(0, 20).Count(_ => budget.TryTake()));

        budget.Debit(1000); // floored at minus one burst: about a second to recover, not a hundred
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(budget.TryTake());
        time.Advance(TimeSpan.FromSeconds(0.15));
        Assert.True(budget.TryTake());
    }

    [Fact]
    public void Reports_round_trip_and_malformed_entries_are_skipped()
    {
        var (p, q) = (Guid.NewGuid(), Guid.NewGuid());
        var sb = new StringBuilder();
        ChatRateReport.Append(sb, ChatRateReport.Hello, p);
        ChatRateReport.Append(sb, ChatRateReport.Count, q, 7);
        ChatRateReport.Append(sb, ChatRateReport.Ack, q);
        Assert.Equal([('h', p, 0), ('c', q, 7), ('a', q, 0)], ChatRateReport.Parse(sb.ToString()));

        var junk = $"x{p:N},c{p:N}:0,c{p:N}:-3,c{p:N}:abc,c{p:N},h{p:N}:4,hnot-a-guid,,c{q:N}:2";
        Assert.Equal([('c', q, 2)], ChatRateReport.Parse(junk));
    }

    [Fact]
    public void A_player_on_one_node_only_is_limited_locally_and_nothing_is_reported()
    {
        var node = new FakeNode(time);
        var player = Guid.NewGuid();
        node.Connect(player);
        Assert.Single(node.Limiter.TakeReports(6000)); // the hello of the first socket
        Assert.Equal(Rate, Enumerable.Range(0, 15).Count(_ => node.Limiter.TryTake(player)));
        Assert.Empty(node.Limiter.TakeReports(6000));
        Assert.Equal(0, node.Limiter.SharedCount);
    }

    [Fact]
    public void Two_nodes_holding_a_player_learn_of_each_other_and_charge_each_others_sends()
    {
        var (x, y) = (new FakeNode(time), new FakeNode(time));
        var player = Guid.NewGuid();
        x.Connect(player);
        Exchange(x, y); // x's hello: y does not hold the player yet
        y.Connect(player);
        Exchange(y, x); // y's hello → x shares and acks
        Exchange(x, y); // the ack → y shares
        Assert.Equal(1, x.Limiter.SharedCount);
        Assert.Equal(1, y.Limiter.SharedCount);

        Assert.Equal(Rate, Enumerable.Range(0, Rate).Count(_ => x.Limiter.TryTake(player)));
        Exchange(x, y);
        Assert.False(y.Limiter.TryTake(player));
    }

    [Fact]
    public void A_player_flooding_two_nodes_alternately_gets_about_the_cluster_rate_not_twice_it()
    {
        var (x, y) = (new FakeNode(time), new FakeNode(time));
        var player = Guid.NewGuid();
        x.Connect(player);
        y.Connect(player);
        Exchange(x, y);
        Exchange(y, x);
        Exchange(x, y);

        // 10 simulated seconds at 40 attempts/s (4× the limit), alternating nodes, reports every 200 ms.
        var accepted = 0;
        for (var step = 1; step <= 400; step++)
        {
            accepted += (step % 2 == 0 ? x : y).Limiter.TryTake(player) ? 1 : 0;
            time.Advance(TimeSpan.FromMilliseconds(25));
            if (step % 8 == 0)
            {
                Exchange(x, y);
                Exchange(y, x);
            }
        }

        // One burst + 10 s at the rate, plus at most one interval's sends of the other node (2 here).
        Assert.InRange(accepted, Rate * 10, Rate + (Rate * 10) + 4);
    }

    [Fact]
    public void A_rest_sender_without_a_socket_is_reported_and_its_idle_budget_is_swept()
    {
        var (x, y) = (new FakeNode(time), new FakeNode(time));
        var player = Guid.NewGuid();
        y.Connect(player);
        y.Limiter.TakeReports(6000);

        Assert.True(x.Limiter.TryTake(player)); // e.g. POST dm on a node without the player's socket
        Assert.Equal(1, x.Limiter.SharedCount);
        Exchange(x, y);
        Assert.Equal(1, y.Limiter.SharedCount);

        Assert.Equal(0, x.Limiter.Sweep()); // not full yet
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, x.Limiter.Sweep());
        Assert.Equal(0, x.Limiter.SharedCount);
        Assert.Equal(0, y.Limiter.Sweep()); // the player has a socket on y
    }

    [Fact]
    public void The_budget_is_forgotten_when_the_last_local_socket_closes()
    {
        var node = new FakeNode(time);
        var player = Guid.NewGuid();
        var first = node.Connect(player);
        var second = node.Connect(player);
        Assert.Equal(Rate, Enumerable.Range(0, 15).Count(_ => node.Limiter.TryTake(player)));
        node.Sockets.Remove(first);
        Assert.False(node.Limiter.TryTake(player));
        node.Sockets.Remove(second);
        node.Connect(player);
        Assert.True(node.Limiter.TryTake(player));
    }

    [Fact]
    public void Large_reports_are_split_below_the_size_limit()
    {
        var node = new FakeNode(time);
        for (var i = 0; i < 500; i++)
        {
            node.Connect(Guid.NewGuid());
        }

        var reports = node.Limiter.TakeReports(2000);
        Assert.True(reports.Count > 1);
        Assert.All(reports, r => Assert.True(r.Length <= 2000));
        Assert.Equal(500, reports.Sum(r => ChatRateReport.Parse(r).Count));
    }

    private static void Exchange(FakeNode from, FakeNode to)
    {
        foreach (var report in from.Limiter.TakeReports(6000))
        {
            to.Limiter.Apply(report);
        }
    }

    /// <summary>One node's limiter with its own sockets.</summary>
    private sealed class FakeNode
    {
        private readonly TimeProvider time;
        private readonly NodeMetrics metrics;

        public FakeNode(TimeProvider time)
        {
            this.time = time;
            var services = new ServiceCollection().AddMetrics();
            services.AddSingleton(sp => new ChatRateLimiter(Options.Create(new ChatOptions { SendsPerSecond = Rate }), time, sp));
            services.AddSingleton(sp => new LocalSockets([sp.GetRequiredService<ChatRateLimiter>()]));
            var provider = services.BuildServiceProvider();
            Limiter = provider.GetRequiredService<ChatRateLimiter>();
            Sockets = provider.GetRequiredService<LocalSockets>();
            metrics = new NodeMetrics(provider.GetRequiredService<IMeterFactory>(), Sockets);
        }

        public ChatRateLimiter Limiter { get; }

        public LocalSockets Sockets { get; }

        public SocketSession Connect(Guid player)
        {
            var socket = new SocketSession(new RecordingWebSocket(), new SocketOptions(), time, metrics, NullLogger.Instance);
            Sockets.Add(socket);
            Sockets.Authenticate(socket, player, Guid.NewGuid());
            return socket;
        }
    }
}
