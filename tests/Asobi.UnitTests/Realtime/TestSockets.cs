using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using Asobi.Node;
using Asobi.Node.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Asobi.UnitTests.Realtime;

/// <summary>A node's socket registry with sessions opened on it at default limits.</summary>
internal sealed class TestSockets
{
    public TestSockets()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        Metrics = new NodeMetrics(meters, Sockets);
    }

    public LocalSockets Sockets { get; } = new([]);

    public NodeMetrics Metrics { get; }

    /// <summary>Adds a session on <paramref name="socket"/> (a recording one by default), signed in as <paramref name="player"/> if given.</summary>
    public SocketSession Open(WebSocket? socket = null, Guid? player = null, ClientFeatures features = ClientFeatures.None)
    {
        var session = new SocketSession(socket ?? new RecordingWebSocket(), new SocketOptions(), new FakeTimeProvider(), Metrics, NullLogger.Instance);
        Sockets.Add(session);
        if (player is { } id)
        {
            Sockets.Authenticate(session, id, Guid.NewGuid(), features);
        }

        return session;
    }
}
