using System.Text.Json;
using Aspire.Hosting.Testing;

namespace Libsql.Hosting.Tests;

public sealed class ManifestTests
{
    [Fact]
    public async Task The_manifest_holds_the_container_volume_and_secret_parameters_but_no_key_or_token()
    {
        var directory = Directory.CreateTempSubdirectory("libsql-manifest-");
        var path = Path.Combine(directory.FullName, "aspire-manifest.json");
        var cancellationToken = TestContext.Current.CancellationToken;
        using var builder = DistributedApplicationTestingBuilder.Create("--publisher", "manifest", "--output-path", path);
        var db = builder.AddLibsql("db").WithDataVolume("db-data");
        var orders = db.AddDatabase("orders");
        var readOnly = db.AddReadOnlyAccess("db-ro");
        builder.AddContainer("api", "api-image").WithReference(db).WithReference(orders).WithReference(readOnly);

        await using (var app = await builder.BuildAsync(cancellationToken))
        {
            await app.RunAsync(cancellationToken);
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var resources = JsonDocument.Parse(text).RootElement.GetProperty("resources");

        var server = resources.GetProperty("db");
        Assert.Equal("container.v0", server.GetProperty("type").GetString());
        Assert.Equal("ghcr.io/tursodatabase/libsql-server:v0.24.33", server.GetProperty("image").GetString());
        Assert.Equal("Endpoint={db.bindings.http.url};AuthToken={db-token.value}", server.GetProperty("connectionString").GetString());
        Assert.Equal(["/bin/sqld", "--enable-namespaces"], server.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        var env = server.GetProperty("env");
        Assert.Equal("0.0.0.0:8080", env.GetProperty("SQLD_HTTP_LISTEN_ADDR").GetString());
        Assert.Equal("{db-public-key.value}", env.GetProperty("SQLD_AUTH_JWT_KEY").GetString());
        Assert.Equal("{db-admin-key.value}", env.GetProperty("LIBSQL_ADMIN_AUTH_KEY").GetString());
        var volume = Assert.Single(server.GetProperty("volumes").EnumerateArray());
        Assert.Equal("db-data", volume.GetProperty("name").GetString());
        Assert.Equal("/var/lib/sqld", volume.GetProperty("target").GetString());
        Assert.Equal(8080, server.GetProperty("bindings").GetProperty("http").GetProperty("targetPort").GetInt32());

        AssertSecretInput(resources.GetProperty("db-signing-key"));
        AssertSecretInput(resources.GetProperty("db-token"));
        AssertSecretInput(resources.GetProperty("orders-token"));
        AssertSecretInput(resources.GetProperty("db-ro-token"));
        Assert.False(resources.GetProperty("db-public-key").GetProperty("inputs").GetProperty("value").TryGetProperty("secret", out var secret) && secret.GetBoolean());

        Assert.Equal("Endpoint={db.bindings.http.url};AuthToken={orders-token.value};Namespace=orders", resources.GetProperty("orders").GetProperty("connectionString").GetString());
        var apiEnv = resources.GetProperty("api").GetProperty("env");
        Assert.Equal("{db.connectionString}", apiEnv.GetProperty("ConnectionStrings__db").GetString());
        Assert.Equal("{db-token.value}", apiEnv.GetProperty("DB_AUTH_TOKEN").GetString());

        // Nothing that looks like a JWT or a PEM key is written.
        Assert.DoesNotMatch(@"eyJ[A-Za-z0-9_-]+\.", text);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        directory.Delete(recursive: true);
    }

    private static void AssertSecretInput(JsonElement parameter)
    {
        Assert.Equal("parameter.v0", parameter.GetProperty("type").GetString());
        var input = parameter.GetProperty("inputs").GetProperty("value");
        Assert.True(input.GetProperty("secret").GetBoolean());
        Assert.False(input.TryGetProperty("default", out _));
    }
}
