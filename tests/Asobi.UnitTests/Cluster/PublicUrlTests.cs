using System.Net;
using Asobi.Node.Cluster;

namespace Asobi.UnitTests.Cluster;

public sealed class PublicUrlTests
{
    [Fact]
    public void Configuration_wins() =>
        Assert.Equal("wss://node-0.play.example.com/ws", PublicUrl.Resolve("wss://node-0.play.example.com/ws", ["http://localhost:5000"]));

    [Theory]
    [InlineData("http://localhost:27768", "ws://localhost:27768/ws")]
    [InlineData("http://127.0.0.1:8080", "ws://127.0.0.1:8080/ws")]
    [InlineData("https://example.org:8443", "wss://example.org:8443/ws")]
    public void The_bound_address_becomes_a_socket_url(string bound, string expected) =>
        Assert.Equal(expected, PublicUrl.Resolve(null, [bound]));

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://+:8080")]
    public void Wildcard_hosts_become_the_machine_name(string bound) =>
        Assert.Equal($"ws://{Dns.GetHostName().ToLowerInvariant()}:8080/ws", PublicUrl.Resolve(null, [bound]));

    [Fact]
    public void Plain_http_is_preferred_over_https_when_both_are_bound() =>
        Assert.Equal("ws://localhost:1/ws", PublicUrl.Resolve(null, ["https://localhost:2", "http://localhost:1"]));

    [Fact]
    public void No_address_and_no_configuration_is_an_error() =>
        Assert.Throws<InvalidOperationException>(() => PublicUrl.Resolve("", []));
}
