using System.Net.WebSockets;

namespace Asobi.Node.Realtime;

/// <summary>On a graceful stop, tells every client "going away" (1001) so it reconnects elsewhere.</summary>
internal sealed class SocketShutdown(LocalSockets sockets, IHostApplicationLifetime lifetime) : IHostedService
{
    public const string Reason = "going_away";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            foreach (var socket in sockets.All())
            {
                socket.RequestClose(WebSocketCloseStatus.EndpointUnavailable, Reason);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
