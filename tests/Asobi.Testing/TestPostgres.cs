using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Asobi.Testing;

/// <summary>
/// A private PostgreSQL server started by the tests themselves: a fresh data directory, a free loopback port,
/// run as the unprivileged <c>postgres</c> account when the tests run as root. Stop and start it to test what
/// happens to clients when the database goes away.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    private static readonly SemaphoreSlim SharedLock = new(1, 1);
    private static TestPostgres? shared;
    private static int databaseCounter;

    private readonly string binDir;
    private readonly string dataDir;

    private TestPostgres(string binDir, string dataDir, int port)
    {
        this.binDir = binDir;
        this.dataDir = dataDir;
        Port = port;
    }

    public int Port { get; private set; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>One server for the whole test run; each test class makes its own database on it.</summary>
    public static async Task<TestPostgres> SharedAsync()
    {
        await SharedLock.WaitAsync();
        try
        {
            shared ??= await StartNewAsync();
            return shared;
        }
        finally
        {
            SharedLock.Release();
        }
    }

    /// <summary>A server of its own, for tests that stop and start it.</summary>
    public static async Task<TestPostgres> StartNewAsync()
    {
        var bin = PostgresBinaries.Find();
        var dir = Path.Combine(Path.GetTempPath(), "asobi-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var pg = new TestPostgres(bin, dir, FreePort());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => pg.StopQuietly();
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", dir]);
        }

        await pg.RunPgAsync("initdb", ["-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        await pg.StartAsync();
        return pg;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref databaseCounter)}";
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    public async Task StartAsync()
    {
        var opts = $"-p {Port} -k {dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300";
        await RunPgAsync("pg_ctl", ["-D", dataDir, "-o", opts, "-l", Path.Combine(dataDir, "server.log"), "-w", "-t", "60", "start"]);
    }

    /// <summary>Stops the server (fast shutdown: clients are disconnected).</summary>
    public Task StopAsync() => RunPgAsync("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "-t", "60", "stop"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        TryDelete();
    }

    private void StopQuietly()
    {
        try
        {
            RunPgAsync("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
        }

        TryDelete();
    }

    private void TryDelete()
    {
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunPgAsync(string tool, string[] args)
    {
        var exe = Path.Combine(binDir, tool);
        return IsRoot
            ? RunAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", exe, .. args])
            : RunAsync(exe, args);
    }

    private static async Task RunAsync(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}{await stdout}");
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
