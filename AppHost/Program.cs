using System.Reflection;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// The pinned sqld container when a container runtime can run it, else a local sqld-compatible process (an installed
// sqld named by Libsql:LocalServer, or our test server), with a warning. Libsql:RunMode=Container|LocalProcess forces one.
var db = builder.AddLibsqlWithLocalFallback("db", LocalServer(builder.Configuration))
    .WithDataVolume();

// A second database (a sqld namespace) with a token of its own; SampleApi does not use it. Seeded once, when sqld
// creates it empty (the data volume keeps it afterwards), so "Tables and row counts" has something to show.
db.AddDatabase("reports")
    .WithCreationScript("""
        CREATE TABLE monthly_totals (month TEXT PRIMARY KEY, notes INTEGER NOT NULL, folders INTEGER NOT NULL);
        INSERT INTO monthly_totals VALUES ('2026-01', 12, 3), ('2026-02', 30, 5), ('2026-03', 41, 6);
        """);

var readOnly = db.AddReadOnlyAccess("db-readonly");

var api = builder.AddProject<Projects.SampleApi>("api")
    .WithReference(db)
    .WaitFor(db)
    .WithHttpHealthCheck("/health");

// The same service with a read-only token: reads work; sqld refuses writes with 403 and the service answers them with a
// 503 problem detail. It starts alongside the read-write instance (not after it is healthy, which would serialize two
// service start-ups) and waits, before serving, until that instance has migrated the schema.
builder.AddProject<Projects.SampleApi>("api-readonly", launchProfileName: null)
    .WithHttpEndpoint()
    .WithReference(readOnly, connectionName: "db")
    .WithEnvironment("Schema__MigrationWait", "00:02:00")
    .WaitFor(db)
    .WithHttpHealthCheck("/health");

await builder.Build().RunAsync();

static LibsqlLocalProcess LocalServer(IConfiguration configuration)
{
    if (configuration["Libsql:LocalServer"] is { Length: > 0 } executable)
    {
        return new LibsqlLocalProcess(executable);
    }

    var testServer = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "LibsqlTestServerPath").Value!;
    return new LibsqlLocalProcess("dotnet", [testServer]);
}
