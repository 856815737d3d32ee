using Libsql.Auth;
using static Libsql.Hosting.Tests.HostingTestHelpers;

namespace Libsql.Hosting.Tests;

public sealed class LocalProcessModelTests
{
    [Fact]
    public async Task A_local_process_gets_sqlds_environment_contract_on_its_allocated_port()
    {
        var seed = NewSeed();
        var dataRoot = Path.Combine(Path.GetTempPath(), "libsql-hosting-tests", Guid.NewGuid().ToString("N"));
        using var builder = RunModeBuilder($"--Parameters:db-signing-key={seed}", $"--Libsql:DataRoot={dataRoot}");
        var db = builder.AddLibsqlExecutable("db", new LibsqlLocalProcess("dotnet", ["server.dll"], "tools")).WithDataVolume();
        var api = builder.AddExecutable("api", "api", ".").WithReference(db);
        using var app = builder.Build();
        Allocate(db.Resource);

        var (env, args) = await GetConfigurationAsync(app, db.Resource);

        var resource = Assert.IsType<LibsqlExecutableResource>(db.Resource);
        Assert.Equal("dotnet", resource.Command);
        Assert.Equal(Path.Combine(builder.AppHostDirectory, "tools"), resource.WorkingDirectory);
        Assert.Empty(resource.Annotations.OfType<ContainerImageAnnotation>());
        var http = Assert.Single(resource.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal("http", http.Name);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", env["SQLD_HTTP_LISTEN_ADDR"]);
        Assert.Equal($"127.0.0.1:{http.AllocatedEndpoint!.TargetPortExpression}", env["SQLD_HTTP_LISTEN_ADDR"]);
        Assert.StartsWith(dataRoot, env["SQLD_DB_PATH"], StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine("-db-data", "iku.db"), env["SQLD_DB_PATH"], StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.GetDirectoryName(env["SQLD_DB_PATH"])));
        using var key = LibsqlSigningKey.Import(seed);
        Assert.Equal(key.PublicKey.ToBase64Url(), env["SQLD_AUTH_JWT_KEY"]);
        Assert.Equal(["server.dll"], args.Select(a => a.Value));
        Assert.Equal(["db_init_check"], resource.Annotations.OfType<HealthCheckAnnotation>().Select(a => a.Key).Order());

        var (apiEnv, _) = await GetConfigurationAsync(app, api.Resource);
        var parts = ParseConnectionString(apiEnv["ConnectionStrings__db"]);
        Assert.Equal("http://localhost:41000", parts["Endpoint"]);
        Assert.True(Validate(key.PublicKey.ToBase64Url(), parts["AuthToken"]).IsValid);
        Directory.Delete(dataRoot, recursive: true);
    }

    [Fact]
    public async Task A_local_process_with_databases_gets_the_namespace_flag_and_a_loopback_admin_listener()
    {
        using var builder = RunModeBuilder($"--Parameters:db-signing-key={NewSeed()}");
        var db = builder.AddLibsqlExecutable("db", new LibsqlLocalProcess("sqld")).WithDataBindMount("sqld-data");
        db.AddDatabase("orders");
        using var app = builder.Build();
        Allocate(db.Resource);

        var (env, args) = await GetConfigurationAsync(app, db.Resource);

        Assert.Equal(["--enable-namespaces"], args.Select(a => a.Value));
        Assert.Matches(@"^127\.0\.0\.1:\d+$", env["SQLD_ADMIN_LISTEN_ADDR"]);
        Assert.Equal(Path.Combine(builder.AppHostDirectory, "sqld-data", "iku.db"), env["SQLD_DB_PATH"]);
        Directory.Delete(Path.Combine(builder.AppHostDirectory, "sqld-data"), recursive: true);
    }

    [Fact]
    public async Task Without_a_data_volume_each_run_gets_one_fresh_temporary_folder()
    {
        var paths = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            using var builder = RunModeBuilder($"--Parameters:db-signing-key={NewSeed()}");
            var db = builder.AddLibsqlExecutable("db", new LibsqlLocalProcess("sqld"));
            using var app = builder.Build();
            Allocate(db.Resource);

            var (first, _) = await GetConfigurationAsync(app, db.Resource);
            var (again, _) = await GetConfigurationAsync(app, db.Resource);

            Assert.Null(((ILibsqlServerResource)db.Resource).State.LocalDataDirectory);
            Assert.Equal(first["SQLD_DB_PATH"], again["SQLD_DB_PATH"]);
            Assert.StartsWith(Path.Combine(Path.GetTempPath(), "libsql-aspire"), first["SQLD_DB_PATH"], StringComparison.Ordinal);
            paths.Add(first["SQLD_DB_PATH"]);
            Directory.Delete(Path.GetDirectoryName(first["SQLD_DB_PATH"])!, recursive: true);
        }

        Assert.NotEqual(paths[0], paths[1]);
    }

    [Theory]
    [InlineData(LibsqlRunMode.Container, typeof(LibsqlServerResource))]
    [InlineData(LibsqlRunMode.LocalProcess, typeof(LibsqlExecutableResource))]
    public void A_forced_run_mode_is_obeyed(LibsqlRunMode mode, Type expected)
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsqlWithLocalFallback("db", new LibsqlLocalProcess("sqld"), runMode: mode);

        Assert.IsType(expected, db.Resource);
    }

    [Fact]
    public void The_run_mode_setting_is_read_from_configuration()
    {
        using var builder = RunModeBuilder("--Libsql:RunMode=localprocess");
        var db = builder.AddLibsqlWithLocalFallback("db", new LibsqlLocalProcess("sqld"));

        Assert.IsType<LibsqlExecutableResource>(db.Resource);
    }

    [Fact]
    public void Auto_falls_back_to_the_local_process_when_aspires_runtime_does_not_answer()
    {
        using var builder = RunModeBuilder("--ASPIRE_CONTAINER_RUNTIME=no-such-runtime-here");
        var db = builder.AddLibsqlWithLocalFallback("db", new LibsqlLocalProcess("sqld"));

        Assert.IsType<LibsqlExecutableResource>(db.Resource);
        var reason = db.Resource.State.FallbackReason;
        Assert.NotNull(reason);
        Assert.Contains("no-such-runtime-here", reason, StringComparison.Ordinal);
        Assert.Contains("Libsql:RunMode=Container", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_mode_always_uses_the_container()
    {
        using var builder = PublishModeBuilder("--Libsql:RunMode=LocalProcess");
        var db = builder.AddLibsqlWithLocalFallback("db", new LibsqlLocalProcess("sqld"));

        Assert.IsType<LibsqlServerResource>(db.Resource);
    }

    [Fact]
    public void A_bad_run_mode_setting_says_what_to_use()
    {
        using var builder = RunModeBuilder("--Libsql:RunMode=vm");

        var ex = Assert.Throws<ArgumentException>(() => builder.AddLibsqlWithLocalFallback("db", new LibsqlLocalProcess("sqld")));
        Assert.Contains("Auto, Container or LocalProcess", ex.Message, StringComparison.Ordinal);
    }
}
