using Microsoft.Extensions.DependencyInjection;
using static Libsql.Hosting.Tests.HostingTestHelpers;

namespace Libsql.Hosting.Tests;

public sealed class BadInputTests
{
    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void An_empty_name_is_refused(string? name)
    {
        using var builder = RunModeBuilder();

        Assert.ThrowsAny<ArgumentException>(() => builder.AddLibsql(name!));
        Assert.ThrowsAny<ArgumentException>(() => builder.AddLibsqlExecutable(name!, new LibsqlLocalProcess("sqld")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void A_port_out_of_range_is_refused(int port)
    {
        using var builder = RunModeBuilder();

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddLibsql("db", port: port));
        Assert.Equal("port", ex.ParamName);
    }

    [Fact]
    public async Task A_malformed_signing_key_is_not_read_while_the_model_is_built_and_fails_the_start_without_echoing_it()
    {
        const string Garbage = "not-a-key-but-secret-looking-material";
        using var builder = RunModeBuilder($"--Parameters:key={Garbage}");
        var key = builder.AddParameter("key", secret: true);

        // Building the model reads no parameter value.
        var db = builder.AddLibsql("db", key);
        using var app = builder.Build();
        Allocate(db.Resource);

        var ex = await Assert.ThrowsAsync<DistributedApplicationException>(() => ExecutionConfigurationBuilder.Create(db.Resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), null, TestContext.Current.CancellationToken));
        Assert.Contains("'key'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("base64url", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Garbage, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signing_key_parameter_must_be_secret()
    {
        using var builder = RunModeBuilder($"--Parameters:key={NewSeed()}");
        var key = builder.AddParameter("key");

        var ex = Assert.Throws<ArgumentException>(() => builder.AddLibsql("db", key));
        Assert.Contains("secret: true", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_user_supplied_key_is_used_as_is()
    {
        using var builder = RunModeBuilder($"--Parameters:key={NewSeed()}");
        var key = builder.AddParameter("key", secret: true);

        var db = builder.AddLibsql("db", key);

        Assert.Same(key.Resource, db.Resource.SigningKeyParameter);
        Assert.DoesNotContain(builder.Resources, r => r.Name == "db-signing-key");
    }

    [Theory]
    [InlineData("default")]
    [InlineData("has space")]
    [InlineData("-leading")]
    [InlineData("a/b")]
    public void A_bad_namespace_name_is_refused(string namespaceName)
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");

        var ex = Assert.Throws<ArgumentException>(() => db.AddDatabase("orders", namespaceName));
        Assert.Contains("letters, digits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_database_name_twice_is_refused()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");
        db.AddDatabase("orders");

        Assert.ThrowsAny<ArgumentException>(() => db.AddDatabase("orders"));
    }

    [Fact]
    public void A_non_positive_token_lifetime_is_refused()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => db.AddReadOnlyAccess("ro", TimeSpan.Zero));
        Assert.Contains("A token lifetime must be positive", error.Message, StringComparison.Ordinal);
        Assert.Equal("expiresIn", error.ParamName);
    }

    [Fact]
    public async Task Minting_without_auth_says_why()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db").WithoutAuth();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Resource.MintTokenAsync(null, TestContext.Current.CancellationToken));
        Assert.Contains("WithoutAuth", ex.Message, StringComparison.Ordinal);
    }
}
