using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Asobi.Testing;
using Npgsql;

namespace Asobi.ClusterTests;

/// <summary>The script local mode runs PostgreSQL with, tested on its own (no AppHost).</summary>
public sealed class LocalPostgresScriptTests : IDisposable
{
    private static readonly string Script = Path.Combine(AppHostDirectory(), "Postgres", "postgres-local.sh");

    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "asobi-pg-script-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string binDir = PostgresBinaries.Find();

    [Fact]
    public async Task A_second_init_reuses_the_data_directory_and_applies_the_current_password()
    {
        var first = await RunToEndAsync("init", "first-password");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(File.Exists(Path.Combine(dataDir, "PG_VERSION")));

        var second = await RunToEndAsync("init", "second-password");
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("already initialized", second.Output, StringComparison.Ordinal);

        var port = FreePort();
        using var server = Start("run", "second-password", port, "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=");
        try
        {
            await using var conn = await ConnectAsync(port, "second-password");
            await Assert.ThrowsAsync<PostgresException>(() => ConnectAsync(port, "first-password"));

            // SIGTERM means a fast shutdown even while a client is connected.
            var stopwatch = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await server.WaitForExitAsync(cts.Token);
            Assert.Equal(0, server.ExitCode);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"shutdown took {stopwatch.Elapsed}");
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(dataDir))
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private async Task<(int ExitCode, string Output)> RunToEndAsync(string mode, string password)
    {
        using var p = Start(mode, password, port: null);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }

    private Process Start(string mode, string password, int? port, params string[] args)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(mode);
        psi.ArgumentList.Add(dataDir);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["PG_BIN"] = binDir;
        psi.Environment["PGPASSWORD"] = password;
        if (port is { } p)
        {
            psi.Environment["PGPORT"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start bash");
        if (mode == "run")
        {
            // Keep the pipes drained; the server logs to stderr.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return process;
    }

    private static async Task<NpgsqlConnection> ConnectAsync(int port, string password)
    {
        var cs = $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database=postgres;Pooling=false;Timeout=2";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var conn = new NpgsqlConnection(cs);
            try
            {
                await conn.OpenAsync();
                return conn;
            }
            catch (NpgsqlException e) when (e is not PostgresException && DateTime.UtcNow < deadline)
            {
                await conn.DisposeAsync();
                await Task.Delay(200);
            }
            catch
            {
                await conn.DisposeAsync();
                throw;
            }
        }
    }

    private static string AppHostDirectory()
    {
        var path = Projects.Asobi_AppHost.ProjectPath;
        return Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
