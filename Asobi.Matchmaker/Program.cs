using Asobi.Cluster;
using Asobi.Data;
using Asobi.Matchmaker;
using Microsoft.Extensions.DependencyInjection.Extensions;

if (args is [MigrateCommand.Verb, ..])
{
    return await MigrateCommand.RunAsync(args[1..]);
}

// The matchmaker process: migrates, joins the bus, competes for leadership and, while it leads, forms matches.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAsobiDatabase();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton(NodeIdentity.FromConfiguration(builder.Configuration, "matchmaker"));
builder.Services.AddClusterBus();
builder.Services.AddMatchmaker(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
return 0;
