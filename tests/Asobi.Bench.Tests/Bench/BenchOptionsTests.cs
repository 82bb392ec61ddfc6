namespace Asobi.Bench.Tests.Bench;

public sealed class BenchOptionsTests
{
    [Fact]
    public void No_arguments_give_a_complete_run_of_every_scenario_for_both_systems_and_the_floor()
    {
        var o = BenchOptions.Parse([]);

        Assert.Equal("coordinator", o.Role);
        Assert.Equal(["idle", "echo", "fanout"], o.Scenarios);
        Assert.Equal(["asobi", "colyseus", "floor"], o.Systems);
        Assert.Equal(3, o.Trials);
        Assert.Equal([100, 1_000], o.EchoClients);
        Assert.Equal(TimeSpan.FromSeconds(10), o.EchoDuration);
        Assert.Equal(TimeSpan.FromSeconds(15), o.IdleHold);
        Assert.Equal(1_000, o.FanoutMembers);
        Assert.Equal([30, 50, 100, 200, 300], o.FanoutRates);
        Assert.Equal("workstation", o.NodeGc);
    }

    [Fact]
    public void The_bus_and_matchmaking_benches_are_scenarios_of_the_same_tool()
    {
        var o = BenchOptions.Parse(["--scenarios", "bus,match"]);

        Assert.Equal(["bus", "match"], o.Scenarios);
    }

    [Fact]
    public void Lists_counts_with_k_suffixes_and_seconds_are_parsed()
    {
        var o = BenchOptions.Parse(["--idle-sockets", "1k,5_000,19k", "--echo-seconds", "2.5", "--systems", "asobi", "--trials", "5", "--fanout-rates", "10,20"]);

        Assert.Equal([1_000, 5_000, 19_000], o.IdleSockets);
        Assert.Equal(TimeSpan.FromSeconds(2.5), o.EchoDuration);
        Assert.Equal(["asobi"], o.Systems);
        Assert.Equal(5, o.Trials);
        Assert.Equal([10, 20], o.FanoutRates);
    }

    [Fact]
    public void Full_adds_the_whole_matrix_and_later_options_still_override_it()
    {
        var o = BenchOptions.Parse(["--full", "--idle-sockets", "2000"]);

        Assert.Equal([2_000], o.IdleSockets);
        Assert.Equal(19_000, o.IdleClusterSocketsPerNode);
        Assert.True(o.FanoutCluster);
        Assert.Equal(TimeSpan.FromSeconds(15), o.EchoDuration);
        Assert.Equal(TimeSpan.FromSeconds(20), o.IdleHold);
    }

    [Theory]
    [InlineData("--trials", "0")]
    [InlineData("--trials", "three")]
    [InlineData("--idle-sockets", "")]
    [InlineData("--idle-sockets", "10,-5")]
    [InlineData("--echo-seconds", "0")]
    [InlineData("--systems", "nakama")]
    [InlineData("--scenarios", "idle,bogus")]
    [InlineData("--sockets-per-client", "20000")]
    [InlineData("--fanout-cluster", "maybe")]
    [InlineData("--role", "server")]
    [InlineData("--unknown", "1")]
    public void Bad_values_are_rejected_with_a_message_naming_the_option(string name, string value)
    {
        var e = Assert.Throws<ArgumentException>(() => BenchOptions.Parse([name, value]));

        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_without_its_value_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--trials"]));

        Assert.Contains("needs a value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_job_survives_the_command_line()
    {
        var job = new ClientJob("asobi", "member", ["ws://127.0.0.1:1/ws"], ["t1", "t2"], 7, "127.0.0.3", "global:bench");

        var back = ClientJob.FromBase64(job.ToBase64());

        Assert.Equal(job.Mode, back.Mode);
        Assert.Equal(job.Tokens, back.Tokens);
        Assert.Equal(job.Urls, back.Urls);
        Assert.Equal(7, back.Sockets);
        Assert.Equal("127.0.0.3", back.LocalAddress);
    }
}
