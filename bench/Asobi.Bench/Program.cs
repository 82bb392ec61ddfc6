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
    return await AsobiLoadClient.RunAsync(options, Console.In, Console.Out);
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop at the next step and clean up; a second Ctrl+C kills at once.
    e.Cancel = !cts.IsCancellationRequested;
    cts.Cancel();
    ChildProcess.KillAll();
};
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
