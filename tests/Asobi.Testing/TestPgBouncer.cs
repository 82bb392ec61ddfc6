using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Asobi.Testing;

/// <summary>
/// A PgBouncer in transaction-pooling mode in front of a <see cref="TestPostgres"/>, as production often runs:
/// LISTEN and session advisory locks do not survive it, so what needs a session must bypass it.
/// </summary>
public sealed class TestPgBouncer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;

    private TestPgBouncer(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    private static readonly string[] Candidates = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"];

    public static string? Binary => Candidates.FirstOrDefault(File.Exists);

    public static async Task<TestPgBouncer> StartAsync(int postgresPort)
    {
        var binary = Binary ?? throw new InvalidOperationException("pgbouncer is not installed (Debian: apt-get install pgbouncer).");
        var dir = Path.Combine(Path.GetTempPath(), "asobi-pgbouncer-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(dir, "userlist.txt"), "\"postgres\" \"\"\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "pgbouncer.ini"), $"""
            [databases]
            * = host=127.0.0.1 port={postgresPort}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {dir}/userlist.txt
            admin_users = postgres
            pool_mode = transaction
            max_client_conn = 500
            default_pool_size = 20
            ignore_startup_parameters = extra_float_digits,options
            logfile = {dir}/pgbouncer.log
            pidfile = {dir}/pgbouncer.pid
            """);

        var root = Environment.UserName == "root";
        if (root)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", dir]);
        }

        // PgBouncer refuses to run as root.
        var psi = root
            ? new ProcessStartInfo("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", binary, Path.Combine(dir, "pgbouncer.ini")])
            : new ProcessStartInfo(binary, [Path.Combine(dir, "pgbouncer.ini")]);
        psi.RedirectStandardError = true;
        psi.RedirectStandardOutput = true;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start pgbouncer");
        var bouncer = new TestPgBouncer(process, dir, port);
        await bouncer.WaitUntilListeningAsync();
        return bouncer;
    }

    /// <summary>The application names of the clients connected to PgBouncer (its admin console, through psql).</summary>
    public async Task<IReadOnlyList<string>> ClientApplicationNamesAsync()
    {
        var psi = new ProcessStartInfo("psql", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", "pgbouncer", "-At", "-F", "|", "-c", "SHOW CLIENTS"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var errors = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"SHOW CLIENTS failed: {errors}");
        }

        // Columns: type|user|database|state|addr|port|local_addr|local_port|connect_time|request_time|wait|wait_us|close_needed|ptr|link|remote_pid|tls|application_name...
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('|')).Where(c => c.Length > 17).Select(c => c[17])];
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"pgbouncer exited: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("pgbouncer did not start listening.");
    }

    private static async Task RunAsync(string file, string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args)) ?? throw new InvalidOperationException($"could not start {file}");
        await p.WaitForExitAsync();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
