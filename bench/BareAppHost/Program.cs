// The bare peer of AppHost: the same SampleApi, resource name and health check, and no libSQL hosting. The database is
// an external server named by ConnectionStrings:db (bench/AppHostStartup starts one before it times anything).
var builder = DistributedApplication.CreateBuilder(args);

var db = builder.AddConnectionString("db");

builder.AddProject<Projects.SampleApi>("api")
    .WithReference(db)
    .WithHttpHealthCheck("/health");

await builder.Build().RunAsync();
