using System.Text.Json;
using Aspire.Hosting.Testing;
using static Libsql.Hosting.Tests.HostingTestHelpers;

namespace Libsql.Hosting.Tests;

public sealed class ExistingServerModelTests
{
    [Fact]
    public async Task RunAsExisting_starts_nothing_and_gives_consumers_the_existing_url_and_token()
    {
        using var builder = RunModeBuilder("--Parameters:db-url=libsql://team-db.turso.io", "--Parameters:db-auth-token=tok.en.value");
        var url = builder.AddParameter("db-url");
        var token = builder.AddParameter("db-auth-token", secret: true);
        var db = builder.AddLibsql("db").WithDataVolume().RunAsExisting(url, token);
        var orders = db.AddDatabase("orders");
        var api = builder.AddExecutable("api", "api", ".").WithReference(db).WithReference(orders);
        using var app = builder.Build();

        Assert.Empty(db.Resource.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Empty(db.Resource.Annotations.OfType<EndpointAnnotation>());
        Assert.Empty(db.Resource.Annotations.OfType<ResourceCommandAnnotation>());
        Assert.Equal(["db_init_check"], db.Resource.Annotations.OfType<HealthCheckAnnotation>().Select(h => h.Key));
        Assert.DoesNotContain(builder.Resources, r => r.Name == "db-signing-key");
        Assert.Same(token.Resource, db.Resource.AuthTokenParameter);

        var (env, _) = await GetConfigurationAsync(app, api.Resource);
        Assert.Equal("Endpoint=libsql://team-db.turso.io;AuthToken=tok.en.value", env["ConnectionStrings__db"]);
        Assert.Equal("libsql://team-db.turso.io", env["DB_URI"]);
        Assert.Equal("libsql://team-db.turso.io", env["DB_URL"]);
        Assert.Equal("tok.en.value", env["DB_AUTHTOKEN"]);
        Assert.DoesNotContain("DB_HOST", env.Keys);
        // A database is a namespace on that server, reached with the same token.
        Assert.Equal("Endpoint=libsql://team-db.turso.io;AuthToken=tok.en.value;Namespace=orders", env["ConnectionStrings__orders"]);
        Assert.Equal("orders", env["ORDERS_DATABASE"]);
    }

    [Fact]
    public void A_database_added_before_RunAsExisting_loses_its_commands_like_one_added_after()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");
        var before = db.AddDatabase("before");
        Assert.NotEmpty(before.Resource.Annotations.OfType<ResourceCommandAnnotation>());

        db.RunAsExisting(builder.AddParameter("db-url"), null);
        var after = db.AddDatabase("after");

        Assert.Empty(db.Resource.Annotations.OfType<ResourceCommandAnnotation>());
        Assert.Empty(before.Resource.Annotations.OfType<ResourceCommandAnnotation>());
        Assert.Empty(after.Resource.Annotations.OfType<ResourceCommandAnnotation>());
    }

    [Fact]
    public void RunAsExisting_leaves_publish_mode_alone_and_PublishAsExisting_leaves_run_mode_alone()
    {
        using (var publish = PublishModeBuilder())
        {
            var db = publish.AddLibsql("db").RunAsExisting(publish.AddParameter("u"), null);
            Assert.NotEmpty(db.Resource.Annotations.OfType<ContainerImageAnnotation>());
        }

        using var run = RunModeBuilder();
        var server = run.AddLibsql("db").PublishAsExisting(run.AddParameter("u"), null);
        Assert.NotEmpty(server.Resource.Annotations.OfType<ContainerImageAnnotation>());
    }

    [Fact]
    public async Task PublishAsExisting_writes_the_two_parameters_and_a_connection_string_but_no_container()
    {
        var directory = Directory.CreateTempSubdirectory("libsql-existing-manifest-");
        var path = Path.Combine(directory.FullName, "aspire-manifest.json");
        var cancellationToken = TestContext.Current.CancellationToken;
        using var builder = DistributedApplicationTestingBuilder.Create("--publisher", "manifest", "--output-path", path);
        var db = builder.AddLibsql("db")
            .PublishAsExisting(builder.AddParameter("db-url"), builder.AddParameter("db-auth-token", secret: true));
        var orders = db.AddDatabase("orders");
        builder.AddContainer("api", "api-image").WithReference(db).WithReference(orders);

        await using (var app = await builder.BuildAsync(cancellationToken))
        {
            await app.RunAsync(cancellationToken);
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var resources = JsonDocument.Parse(text).RootElement.GetProperty("resources");
        var server = resources.GetProperty("db");
        Assert.Equal("value.v0", server.GetProperty("type").GetString());
        Assert.Equal("Endpoint={db-url.value};AuthToken={db-auth-token.value}", server.GetProperty("connectionString").GetString());
        Assert.Equal("Endpoint={db-url.value};AuthToken={db-auth-token.value};Namespace=orders", resources.GetProperty("orders").GetProperty("connectionString").GetString());
        Assert.True(resources.GetProperty("db-auth-token").GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
        Assert.Equal("parameter.v0", resources.GetProperty("db-url").GetProperty("type").GetString());
        Assert.Equal(["api", "db", "db-auth-token", "db-url", "orders"], resources.EnumerateObject().Select(p => p.Name).Order());
        Assert.DoesNotContain("libsql-server", text, StringComparison.Ordinal);
        var apiEnv = resources.GetProperty("api").GetProperty("env");
        Assert.Equal("{db.connectionString}", apiEnv.GetProperty("ConnectionStrings__db").GetString());
        Assert.Equal("{db-url.value}", apiEnv.GetProperty("DB_URI").GetString());
        directory.Delete(recursive: true);
    }

    [Fact]
    public void An_existing_server_refuses_a_non_secret_token_and_access_children_in_either_order()
    {
        using var builder = RunModeBuilder();
        var url = builder.AddParameter("db-url");

        var notSecret = Assert.Throws<ArgumentException>(() => builder.AddLibsql("a").RunAsExisting(url, builder.AddParameter("plain")));
        Assert.Contains("secret: true", notSecret.Message, StringComparison.Ordinal);

        var before = builder.AddLibsql("b");
        before.AddReadOnlyAccess("b-ro");
        var refusedAfter = Assert.Throws<InvalidOperationException>(() => before.RunAsExisting(url, null));
        Assert.Contains("'b-ro'", refusedAfter.Message, StringComparison.Ordinal);
        Assert.Contains("signed by that server's key", refusedAfter.Message, StringComparison.Ordinal);

        var existing = builder.AddLibsql("c").RunAsExisting(url, null);
        var refused = Assert.Throws<InvalidOperationException>(() => existing.AddDatabase("orders").AddReadOnlyAccess("orders-ro"));
        Assert.Contains("existing-server mode", refused.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => existing.RunAsExisting(url, null));
    }
}
