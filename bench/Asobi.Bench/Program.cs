using System.Runtime.InteropServices;
using Asobi.Bench;

// Without arguments: start the servers, run every scenario for Asobi and the Colyseus peer, write docs/benchmarks/.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

if (options.Role == "client")
{
    // Echo load stays light with socket completions run where they complete (no thread-pool hand-off per frame;
    // read by the socket engine on first use, still ahead). Only echo: with it, a fan-out member process that
    // receives from hundreds of sockets stopped counting deliveries, so those keep the default.
    if (options.Job is { } job && ClientJob.FromBase64(job).Mode == "echo")
    {
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
    }
    return await AsobiLoadClient.RunAsync(options, Console.In, Console.Out);
}

using var cts = new CancellationTokenSource();

// Ctrl+C, SIGTERM or a closed terminal: kill the load processes and servers now; the run then unwinds, stops
// PostgreSQL and exits. Only SIGKILL can leave anything behind.
void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    cts.Cancel();
    ChildProcess.KillAll();
}

using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Interrupt);
AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcess.KillAll();
try
{
    return await Coordinator.RunAsync(options, cts.Token);
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    await Console.Error.WriteLineAsync("bench failed: " + e.Message);
    return 1;
}
