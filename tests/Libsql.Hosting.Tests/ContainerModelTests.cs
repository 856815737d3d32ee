using Libsql.Auth;
using static Libsql.Hosting.Tests.HostingTestHelpers;

namespace Libsql.Hosting.Tests;

public sealed class ContainerModelTests
{
    [Fact]
    public void AddLibsql_uses_the_pinned_sqld_image()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");

        var image = Assert.Single(db.Resource.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal("ghcr.io", image.Registry);
        Assert.Equal("tursodatabase/libsql-server", image.Image);
        Assert.Equal("v0.24.33", image.Tag);
        Assert.Equal(LibsqlContainerImageTags.Tag, image.Tag);
        Assert.IsAssignableFrom<ContainerResource>(db.Resource);
    }

    [Fact]
    public void Endpoints_map_http_to_8080_and_grpc_to_5001_with_the_given_host_port()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db", port: 18080);

        var endpoints = db.Resource.Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name);
        Assert.Equal(["grpc", "http"], endpoints.Keys.Order());
        Assert.Equal(8080, endpoints["http"].TargetPort);
        Assert.Equal(18080, endpoints["http"].Port);
        Assert.Equal("http", endpoints["http"].UriScheme);
        Assert.Equal(5001, endpoints["grpc"].TargetPort);
    }

    [Fact]
    public async Task Sqld_gets_all_interfaces_and_the_public_key_in_raw_base64url()
    {
        var seed = NewSeed();
        using var builder = RunModeBuilder($"--Parameters:db-signing-key={seed}");
        var db = builder.AddLibsql("db");
        using var app = builder.Build();

        var (env, args) = await GetConfigurationAsync(app, db.Resource);

        Assert.Equal("0.0.0.0:8080", env["SQLD_HTTP_LISTEN_ADDR"]);
        Assert.Equal("primary", env["SQLD_NODE"]);
        using var key = LibsqlSigningKey.Import(seed);
        Assert.Equal(key.PublicKey.ToBase64Url(), env["SQLD_AUTH_JWT_KEY"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", env["SQLD_AUTH_JWT_KEY"]);
        Assert.DoesNotContain("SQLD_HTTP_AUTH", env.Keys);
        Assert.DoesNotContain("SQLD_ADMIN_LISTEN_ADDR", env.Keys);
        Assert.Empty(args);
    }

    [Fact]
    public void Signing_key_is_a_secret_persisted_generated_parameter()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");

        var parameter = Assert.IsType<ParameterResource>(db.Resource.SigningKeyParameter);
        Assert.Same(parameter, builder.Resources.Single(r => r.Name == "db-signing-key"));
        Assert.True(parameter.Secret);
        Assert.NotNull(parameter.Default);
        // Persisted defaults are wrapped by Aspire's user-secrets default.
        Assert.Contains("UserSecrets", parameter.Default!.GetType().Name, StringComparison.Ordinal);
        using var key = LibsqlSigningKey.Import(parameter.Default.GetDefaultValue());
        Assert.NotNull(key.PublicKey);
    }

    [Fact]
    public void Health_is_one_check_that_probes_health_on_the_http_endpoint_and_waits_for_initialization()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");

        var checks = db.Resource.Annotations.OfType<HealthCheckAnnotation>().Select(a => a.Key).Order().ToList();
        // One check: a separate HTTP check would fail the first report while sqld starts, and Aspire re-checks an
        // unhealthy resource only after 1, 2, 3... seconds.
        Assert.Equal(["db_init_check"], checks);
    }

    [Fact]
    public void WithDataVolume_mounts_a_generated_volume_at_var_lib_sqld()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db").WithDataVolume();

        var mount = Assert.Single(db.Resource.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal(ContainerMountType.Volume, mount.Type);
        Assert.Equal("/var/lib/sqld", mount.Target);
        Assert.EndsWith("-db-data", mount.Source, StringComparison.Ordinal);
        Assert.False(mount.IsReadOnly);
    }

    [Fact]
    public void WithDataVolume_takes_a_name_and_WithDataBindMount_an_absolute_or_relative_folder()
    {
        using var builder = RunModeBuilder();
        var named = builder.AddLibsql("a").WithDataVolume("my-volume");
        var bound = builder.AddLibsql("b").WithDataBindMount("data/sqld");

        Assert.Equal("my-volume", Assert.Single(named.Resource.Annotations.OfType<ContainerMountAnnotation>()).Source);
        var bind = Assert.Single(bound.Resource.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal(ContainerMountType.BindMount, bind.Type);
        Assert.Equal(Path.Combine(builder.AppHostDirectory, "data", "sqld"), bind.Source);
        Assert.Equal("/var/lib/sqld", bind.Target);
    }

    [Fact]
    public void Dashboard_commands_are_registered()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");

        var commands = db.Resource.Annotations.OfType<ResourceCommandAnnotation>().ToDictionary(c => c.Name);
        Assert.Equal("Mint token", commands["libsql-mint-token"].DisplayName);
        Assert.Equal("Tables and row counts", commands["libsql-show-tables"].DisplayName);
    }
}
