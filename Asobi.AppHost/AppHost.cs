using Asobi.AppHost;
using Asobi.AppHost.Postgres;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// PostgreSQL: local binaries, a container or an external server (Postgres:Mode); always named "asobi".
var db = builder.AddAsobiDatabase();

// Replicas of one project: each binds its own localhost port (a node announces it as its own URL when it
// hands players over), and the proxied "http" endpoint is the single entry point for clients.
var node = builder.AddProject<Projects.Asobi_Node>("node", o => o.ExcludeLaunchProfile = true)
    .WithReplicas(Count(builder.Configuration, "Nodes:Count", 3))
    .WithHttpEndpoint(name: "http", port: builder.Configuration.GetValue<int?>("Nodes:Port"))
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithAsobiConfiguration(builder.Configuration)
    .WithReference(db)
    .WaitFor(db);

// Operator routes stay disabled unless a key is given; as the secret parameter it is kept out of plain config.
if (!string.IsNullOrEmpty(builder.Configuration["Parameters:operator-key"]))
{
    node.WithEnvironment("Asobi__Operator__Key", builder.AddParameter("operator-key", secret: true));
}

builder.AddProject<Projects.Asobi_Matchmaker>("matchmaker", o => o.ExcludeLaunchProfile = true)
    .WithReplicas(Count(builder.Configuration, "Matchmaker:Count", 2))
    .WithHttpEndpoint(name: "http")
    .WithHttpHealthCheck("/health")
    .WithAsobiConfiguration(builder.Configuration)
    .WithReference(db)
    .WaitFor(db);

builder.Build().Run();

static int Count(IConfiguration configuration, string key, int defaultValue)
{
    var count = configuration.GetValue(key, defaultValue);
    return count >= 1 ? count : throw new DistributedApplicationException($"{key} must be at least 1 (it is {count}).");
}
