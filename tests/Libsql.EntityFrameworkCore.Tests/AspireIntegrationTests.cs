using System.Diagnostics;
using Libsql.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Libsql.EntityFrameworkCore.Tests;

public sealed class AspireIntegrationTests : ServerTestBase
{
    private HostApplicationBuilder CreateBuilder(Dictionary<string, string?>? configuration = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:db"] = ConnectionString });
        builder.Configuration.AddInMemoryCollection(configuration ?? []);
        return builder;
    }

    [Fact]
    public async Task AddLibsqlDbContext_registers_a_working_pooled_context_with_a_health_check_and_client_traces()
    {
        var ct = TestContext.Current.CancellationToken;
        var spans = new List<Activity>();
        var builder = CreateBuilder();
        builder.AddLibsqlDbContext<BloggingContext>("db");
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans));
        using var host = builder.Build();
        await host.StartAsync(ct);

        BloggingContext first;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<BloggingContext>();
            await first.Database.EnsureCreatedAsync(ct);
            first.Blogs.Add(new Blog { Name = "aspire" });
            await first.SaveChangesAsync(ct);
            Assert.False(first.Database.CreateExecutionStrategy().RetriesOnFailure);
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            // Pooled: the instance returned at the end of the first scope is handed out again, reset.
            var second = scope.ServiceProvider.GetRequiredService<BloggingContext>();
            Assert.Same(first, second);
            Assert.Equal(["aspire"], await second.Blogs.Select(b => b.Name).ToListAsync(ct));
        }

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(ct);
        Assert.Equal(HealthStatus.Healthy, health.Entries[nameof(BloggingContext)].Status);
        Assert.Contains(spans, s => s.Source.Name == LibsqlDiagnostics.ActivitySourceName && Equals(s.GetTagItem("server.port"), Server.Uri.Port));
        await host.StopAsync(ct);
    }

    [Fact]
    public async Task Settings_come_from_the_context_section_and_switch_features_off()
    {
        var ct = TestContext.Current.CancellationToken;
        var spans = new List<Activity>();
        var builder = CreateBuilder(new()
        {
            ["Aspire:Libsql:EntityFrameworkCore:CommandTimeout"] = "5",
            ["Aspire:Libsql:EntityFrameworkCore:BloggingContext:CommandTimeout"] = "7",
            ["Aspire:Libsql:EntityFrameworkCore:BloggingContext:DisableHealthChecks"] = "true",
            ["Aspire:Libsql:EntityFrameworkCore:BloggingContext:DisableTracing"] = "true",
        });
        builder.AddLibsqlDbContext<BloggingContext>("db");
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans));
        using var host = builder.Build();
        await host.StartAsync(ct);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<BloggingContext>();
            Assert.Equal(7, context.Database.GetCommandTimeout());
            await context.Database.EnsureCreatedAsync(ct);
        }

        Assert.Null(host.Services.GetService<HealthCheckService>());
        Assert.DoesNotContain(spans, s => s.Source.Name == LibsqlDiagnostics.ActivitySourceName && Equals(s.GetTagItem("server.port"), Server.Uri.Port));
        await host.StopAsync(ct);
    }

    [Fact]
    public void A_missing_connection_string_or_a_second_registration_says_what_to_fix()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddLibsqlDbContext<BloggingContext>("missing");
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();

        var missing = Assert.Throws<InvalidOperationException>(scope.ServiceProvider.GetRequiredService<BloggingContext>);
        Assert.Contains("ConnectionStrings:missing", missing.Message, StringComparison.Ordinal);
        Assert.Contains(LibsqlEntityFrameworkCoreSettings.ConfigurationSectionName, missing.Message, StringComparison.Ordinal);

        var twice = Assert.Throws<InvalidOperationException>(() => builder.AddLibsqlDbContext<BloggingContext>("missing"));
        Assert.Contains("already registered", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_never_show_the_token()
    {
        var settings = new LibsqlEntityFrameworkCoreSettings { ConnectionString = ConnectionString };
        var token = LibsqlClientOptions.Parse(ConnectionString).AuthToken!;

        Assert.DoesNotContain(token, settings.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", new LibsqlEntityFrameworkCoreSettings { ConnectionString = "nonsense=secret" }.ToString(), StringComparison.Ordinal);
    }
}
