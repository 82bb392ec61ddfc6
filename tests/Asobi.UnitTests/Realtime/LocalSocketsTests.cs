using System.Diagnostics.Metrics;
using Asobi.Node;
using Asobi.Node.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Realtime;

public sealed class LocalSocketsTests
{
    private readonly LocalSockets sockets = new([]);
    private readonly NodeMetrics metrics;

    public LocalSocketsTests()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        metrics = new NodeMetrics(meters, sockets);
    }

    [Fact]
    public void Counts_sockets_and_the_players_who_hold_at_least_one()
    {
        var alice = Guid.NewGuid();
        var bob = Guid.NewGuid();
        using var anonymous = Open();
        using var a1 = Open(alice);
        using var a2 = Open(alice);
        using var b1 = Open(bob);

        Assert.Equal(4, sockets.Count);
        Assert.Equal(2, sockets.PlayerCount);
        Assert.Equal([a1.Id, a2.Id], sockets.OfPlayer(alice).Select(s => s.Id).Order());
        Assert.Equal(4, sockets.All().Count());

        sockets.Remove(b1);
        sockets.Remove(a1);
        Assert.Equal(2, sockets.Count);
        Assert.Equal(1, sockets.PlayerCount);
        Assert.Empty(sockets.OfPlayer(bob));
        Assert.Equal([a2.Id], sockets.OfPlayer(alice).Select(s => s.Id));
    }

    [Fact]
    public void Sockets_can_be_removed_while_they_are_enumerated()
    {
        var player = Guid.NewGuid();
        var opened = Enumerable.Range(0, 50).Select(_ => Open(player)).ToList();

        foreach (var socket in sockets.OfPlayer(player))
        {
            sockets.Remove(socket);
        }

        Assert.Equal(0, sockets.Count);
        Assert.Equal(0, sockets.PlayerCount);
        opened.ForEach(s => s.Dispose());
    }

    private SocketSession Open(Guid? player = null)
    {
        var socket = new SocketSession(new RecordingWebSocket(), new SocketOptions(), new FakeTimeProvider(), metrics, NullLogger.Instance);
        sockets.Add(socket);
        if (player is { } id)
        {
            sockets.Authenticate(socket, id, Guid.NewGuid());
        }

        return socket;
    }
}
