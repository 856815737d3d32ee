using System.Text;
using System.Text.Json;
using Libsql.Auth;
using static Libsql.Hosting.Tests.HostingTestHelpers;

namespace Libsql.Hosting.Tests;

public sealed class ConsumerModelTests
{
    [Fact]
    public async Task A_referencing_resource_gets_the_connection_string_and_properties_with_a_full_access_token()
    {
        var seed = NewSeed();
        using var builder = RunModeBuilder($"--Parameters:db-signing-key={seed}");
        var db = builder.AddLibsql("db");
        var api = builder.AddExecutable("api", "api", ".").WithReference(db);
        using var app = builder.Build();
        Allocate(db.Resource);

        var (env, _) = await GetConfigurationAsync(app, api.Resource);

        var parts = ParseConnectionString(env["ConnectionStrings__db"]);
        Assert.Equal(["AuthToken", "Endpoint"], parts.Keys.Order());
        Assert.Equal("http://localhost:41000", parts["Endpoint"]);
        Assert.Equal("localhost", env["DB_HOST"]);
        Assert.Equal("41000", env["DB_PORT"]);
        Assert.Equal("http://localhost:41000", env["DB_URL"]);
        Assert.Equal("http://localhost:41000", env["DB_URI"]);
        Assert.DoesNotContain("DB_DATABASE", env.Keys);
        Assert.Equal("{db.bindings.http.url}", db.Resource.UriExpression.ValueExpression);
        Assert.Equal(parts["AuthToken"], env["DB_AUTHTOKEN"]);
        Assert.Equal(parts["AuthToken"], env["DB_AUTH_TOKEN"]);

        using var key = LibsqlSigningKey.Import(seed);
        var result = Validate(key.PublicKey.ToBase64Url(), parts["AuthToken"]);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(LibsqlAccessLevel.ReadWrite, result.GetAccess("default"));
        Assert.Null(result.ExpiresAt);
    }

    [Fact]
    public async Task The_token_is_a_secret_parameter_in_the_connection_string_expression()
    {
        using var builder = RunModeBuilder($"--Parameters:db-signing-key={NewSeed()}");
        var db = builder.AddLibsql("db");

        var token = Assert.IsType<ParameterResource>(db.Resource.AuthTokenParameter);
        Assert.True(token.Secret);
        Assert.Contains(token, db.Resource.ConnectionStringExpression.ValueProviders);
        Assert.Equal("Endpoint={db.bindings.http.url};AuthToken={db-token.value}", db.Resource.ConnectionStringExpression.ValueExpression);
        Assert.DoesNotContain(builder.Resources, r => r.Name == "db-token");
        // The same token each time it is read in one AppHost run.
        Assert.Equal(await token.GetValueAsync(TestContext.Current.CancellationToken), await token.GetValueAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_read_only_access_yields_a_ro_token_and_an_expiring_access_an_exp_claim()
    {
        var seed = NewSeed();
        using var builder = RunModeBuilder($"--Parameters:db-signing-key={seed}");
        var db = builder.AddLibsql("db");
        var readOnly = db.AddReadOnlyAccess("db-ro");
        var shortLived = db.AddAccess("db-short", LibsqlTokenAccess.ReadWrite, TimeSpan.FromHours(1));
        var api = builder.AddExecutable("api", "api", ".").WithReference(readOnly, "db").WithReference(shortLived, "short");
        using var app = builder.Build();
        Allocate(db.Resource);

        var (env, _) = await GetConfigurationAsync(app, api.Resource);

        using var key = LibsqlSigningKey.Import(seed);
        var publicKey = key.PublicKey.ToBase64Url();
        var ro = Validate(publicKey, ParseConnectionString(env["ConnectionStrings__db"])["AuthToken"]);
        Assert.True(ro.IsValid, ro.ToString());
        Assert.Equal(LibsqlAccessLevel.ReadOnly, ro.GetAccess("default"));
        Assert.Equal("ro", Claims(ParseConnectionString(env["ConnectionStrings__db"])["AuthToken"]).GetProperty("a").GetString());

        var shortToken = ParseConnectionString(env["ConnectionStrings__short"])["AuthToken"];
        var rw = Validate(publicKey, shortToken);
        Assert.True(rw.IsValid, rw.ToString());
        Assert.Equal(LibsqlAccessLevel.ReadWrite, rw.GetAccess("default"));
        var exp = DateTimeOffset.FromUnixTimeSeconds(Claims(shortToken).GetProperty("exp").GetInt64());
        Assert.InRange(exp, DateTimeOffset.UtcNow.AddMinutes(58), DateTimeOffset.UtcNow.AddMinutes(61));
    }

    [Fact]
    public async Task AddDatabase_enables_namespaces_and_scopes_the_database_token_to_its_namespace()
    {
        var seed = NewSeed();
        using var builder = RunModeBuilder($"--Parameters:db-signing-key={seed}");
        var db = builder.AddLibsql("db");
        var orders = db.AddDatabase("orders");
        var api = builder.AddExecutable("api", "api", ".").WithReference(orders);
        using var app = builder.Build();
        Allocate(db.Resource);

        var (serverEnv, serverArgs) = await GetConfigurationAsync(app, db.Resource);
        Assert.Equal(["/bin/sqld", "--enable-namespaces"], serverArgs.Select(a => a.Value));
        Assert.Equal("0.0.0.0:9090", serverEnv["SQLD_ADMIN_LISTEN_ADDR"]);
        Assert.False(string.IsNullOrEmpty(serverEnv["LIBSQL_ADMIN_AUTH_KEY"]));
        var admin = Assert.Single(db.Resource.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "admin");
        Assert.Equal(9090, admin.TargetPort);
        Assert.False(admin.IsExternal);
        Assert.True(db.Resource.AreNamespacesEnabled);
        Assert.Equal("orders", db.Resource.Databases["orders"]);

        var (env, _) = await GetConfigurationAsync(app, api.Resource);
        var parts = ParseConnectionString(env["ConnectionStrings__orders"]);
        Assert.Equal("orders", parts["Namespace"]);
        Assert.Equal("orders", env["ORDERS_NAMESPACE"]);
        Assert.Equal("orders", env["ORDERS_DATABASE"]);
        Assert.Equal("http://localhost:41000", env["ORDERS_URI"]);
        Assert.Equal(db.Resource.UriExpression.ValueExpression, orders.Resource.UriExpression.ValueExpression);
        using var key = LibsqlSigningKey.Import(seed);
        var result = Validate(key.PublicKey.ToBase64Url(), parts["AuthToken"]);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(LibsqlAccessLevel.ReadWrite, result.GetAccess("orders"));
        Assert.Equal(LibsqlAccessLevel.None, result.GetAccess("default"));
        Assert.Equal(LibsqlAccessLevel.None, result.GetAccess("other"));
    }

    [Fact]
    public async Task A_read_only_access_to_a_database_is_read_only_on_that_namespace_only()
    {
        var seed = NewSeed();
        using var builder = RunModeBuilder($"--Parameters:db-signing-key={seed}");
        var orders = builder.AddLibsql("db").AddDatabase("orders");
        var ordersRo = orders.AddReadOnlyAccess("orders-ro");
        using var app = builder.Build();
        Allocate(builder.Resources.OfType<LibsqlServerResource>().Single());

        var connectionString = await ((IResourceWithConnectionString)ordersRo.Resource).GetConnectionStringAsync(TestContext.Current.CancellationToken);
        var parts = ParseConnectionString(connectionString!);
        using var key = LibsqlSigningKey.Import(seed);
        var result = Validate(key.PublicKey.ToBase64Url(), parts["AuthToken"]);
        Assert.Equal(LibsqlAccessLevel.ReadOnly, result.GetAccess("orders"));
        Assert.Equal(LibsqlAccessLevel.None, result.GetAccess("default"));
        Assert.Equal("orders", parts["Namespace"]);
    }

    [Fact]
    public async Task WithoutAuth_drops_the_key_the_token_and_the_generated_parameter()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db").WithoutAuth();
        var api = builder.AddExecutable("api", "api", ".").WithReference(db);
        using var app = builder.Build();
        Allocate(db.Resource);

        var (serverEnv, _) = await GetConfigurationAsync(app, db.Resource);
        var (env, _) = await GetConfigurationAsync(app, api.Resource);

        Assert.DoesNotContain("SQLD_AUTH_JWT_KEY", serverEnv.Keys);
        Assert.DoesNotContain(builder.Resources, r => r.Name == "db-signing-key");
        Assert.False(db.Resource.IsAuthEnabled);
        Assert.Null(db.Resource.AuthTokenParameter);
        Assert.Equal("Endpoint=http://localhost:41000", env["ConnectionStrings__db"]);
        Assert.DoesNotContain("DB_AUTHTOKEN", env.Keys);
        Assert.DoesNotContain(db.Resource.Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == "libsql-mint-token" && c.UpdateState(null!) != ResourceCommandState.Hidden);
    }

    private static JsonElement Claims(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement.Clone();
    }
}
