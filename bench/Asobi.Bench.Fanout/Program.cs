using Asobi.Bench.Fanout;
using Asobi.Node;

// "node": run one Asobi node in this process (the driver starts three of them).
// Otherwise: start a private PostgreSQL and three nodes, connect the members, run every trial, print a table.
if (args is ["node", ..])
{
    var app = NodeApp.Build(args[1..]);
    await app.RunAsync();
    return 0;
}

return await Driver.RunAsync(BenchArguments.Parse(args));
