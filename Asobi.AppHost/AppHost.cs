var builder = DistributedApplication.CreateBuilder(args);
builder.AddProject<Projects.Asobi_Node>("node").WithReplicas(3);
builder.Build().Run();
