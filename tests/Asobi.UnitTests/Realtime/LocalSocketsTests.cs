using Asobi.Node.Realtime;

namespace Asobi.UnitTests.Realtime;

public sealed class LocalSocketsTests
{
    private readonly TestSockets test = new();

    private LocalSockets Sockets => test.Sockets;

    [Fact]
    public void Counts_sockets_and_the_players_who_hold_at_least_one()
    {
        var alice = Guid.NewGuid();
        var bob = Guid.NewGuid();
        using var anonymous = Open();
        using var a1 = Open(alice);
        using var a2 = Open(alice);
        using var b1 = Open(bob);

        Assert.Equal(4, Sockets.Count);
        Assert.Equal(2, Sockets.PlayerCount);
        Assert.Equal([a1.Id, a2.Id], Sockets.OfPlayer(alice).Select(s => s.Id).Order());
        Assert.Equal(4, Sockets.All().Count());

        Sockets.Remove(b1);
        Sockets.Remove(a1);
        Assert.Equal(2, Sockets.Count);
        Assert.Equal(1, Sockets.PlayerCount);
        Assert.Empty(Sockets.OfPlayer(bob));
        Assert.Equal([a2.Id], Sockets.OfPlayer(alice).Select(s => s.Id));
    }

    [Fact]
    public void Sockets_can_be_removed_while_they_are_enumerated()
    {
        var player = Guid.NewGuid();
        var opened = Enumerable.Range(0, 50).Select(_ => Open(player)).ToList();

        foreach (var socket in Sockets.OfPlayer(player))
        {
            Sockets.Remove(socket);
        }

        Assert.Equal(0, Sockets.Count);
        Assert.Equal(0, Sockets.PlayerCount);
        opened.ForEach(s => s.Dispose());
    }

    private SocketSession Open(Guid? player = null) => test.Open(player: player);
}
