using System.Net;

namespace Asobi.Node.Cluster;

/// <summary>The WebSocket address clients use to reach this very node (for <c>match.migrate</c>).</summary>
public static class PublicUrl
{
    /// <summary>
    /// <c>Asobi:Node:PublicUrl</c> when set (e.g. a pod's stable DNS name); else derived from the first address
    /// Kestrel bound, with wildcard hosts replaced by this machine's name.
    /// </summary>
    public static string Resolve(string? configured, IEnumerable<string> boundAddresses)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var address = boundAddresses.OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? 1 : 0).FirstOrDefault()
            ?? throw new InvalidOperationException("The server bound no address; set Asobi:Node:PublicUrl.");

        // Kestrel reports wildcards as "+", "*", "[::]" or "0.0.0.0", which Uri does not always parse.
        var normalized = address.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal);
        var uri = new Uri(normalized);
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? Dns.GetHostName() : uri.Host;
        var scheme = uri.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return new UriBuilder(scheme, host, uri.Port, "/ws").Uri.ToString();
    }
}
