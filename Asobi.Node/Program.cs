using Asobi.Node;

var app = NodeApp.Build(args);
await app.RunAsync();
