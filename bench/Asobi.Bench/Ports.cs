using System.Net;
using System.Net.Sockets;

namespace Asobi.Bench;

internal static class Ports
{
    public static int Free()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts TCP connections on the port, or the process dies.</summary>
    public static async Task WaitListeningAsync(int port, ChildProcess owner, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (owner.HasExited)
            {
                throw new InvalidOperationException($"{owner.Name} exited while starting:\n{owner.RecentOutput}");
            }

            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, port, ct);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200, ct);
            }
        }

        throw new InvalidOperationException($"{owner.Name} did not listen on {port} within {timeout.TotalSeconds:0} s:\n{owner.RecentOutput}");
    }
}
