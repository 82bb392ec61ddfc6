using Asobi.Data;
using Asobi.Node;

if (args is [MigrateCommand.Verb, ..])
{
    return await MigrateCommand.RunAsync(args[1..]);
}

var app = NodeApp.Build(args);
await app.RunAsync();
return 0;
