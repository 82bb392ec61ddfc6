using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Asobi.Bench.Fanout;

/// <summary>One node in its own process (this program with the <c>node</c> role), on a free loopback port.</summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process process;

    private NodeProcess(Process process, Uri baseUri)
    {
        this.process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public string WsUrl => new UriBuilder(BaseUri) { Scheme = "ws", Path = "/ws" }.Uri.ToString();

    public TimeSpan Cpu
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public static async Task<NodeProcess> StartAsync(string connectionString, int index)
    {
        var port = FreePort();
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(NodeProcess).Assembly.Location);
        }

        info.ArgumentList.Add("node");
        info.Environment["ConnectionStrings__asobi"] = connectionString;
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["Asobi__Node__Id"] = $"bench-node-{index}";
        info.Environment["Asobi__Chat__SendsPerSecond"] = "1000000";
        info.Environment["Asobi__Socket__MessagesPerSecond"] = "1000000";
        info.Environment["Asobi__Auth__RegisterPerMinute"] = "1000000";
        info.Environment["Asobi__Auth__LoginPerMinute"] = "1000000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["OTEL_SDK_DISABLED"] = "true";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"[node {index}] {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var node = new NodeProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(node.BaseUri, "/health"))).StatusCode == HttpStatusCode.OK)
                {
                    return node;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                node.Dispose();
                throw new InvalidOperationException($"node {index} did not become healthy");
            }

            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }
}
