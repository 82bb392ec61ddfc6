using Asobi.Bench.Bus;

// Without arguments: start a private PostgreSQL, launch the receiver process, run every trial, print a table.
var arguments = BenchArguments.Parse(args);
return arguments.Role == "receiver"
    ? await Receiver.RunAsync(arguments)
    : await Coordinator.RunAsync(arguments);
