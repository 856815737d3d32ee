using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Libsql.Client.Aspire.Tests;

/// <summary>AddLibsqlClient reads what Aspire 13.6's publishers emit: the logical name, the portable name, or connection properties.</summary>
public sealed class PortableConnectionNameTests
{
    [Fact]
    public void The_portable_name_of_a_hyphenated_connection_is_read()
    {
        using var host = Build(new() { ["ConnectionStrings:my-db"] = null, ["ConnectionStrings:my_db"] = "Endpoint=http://portable:8080;Namespace=orders" }, "my-db");

        var client = host.Services.GetRequiredService<LibsqlClient>();

        Assert.Equal(new Uri("http://portable:8080"), client.Endpoint);
        Assert.Equal("orders", client.Namespace);
    }

    [Fact]
    public void The_logical_name_wins_over_the_portable_one()
    {
        using var host = Build(new() { ["ConnectionStrings:my-db"] = "Endpoint=http://logical:8080", ["ConnectionStrings:my_db"] = "Endpoint=http://portable:8080" }, "my-db");

        Assert.Equal(new Uri("http://logical:8080"), host.Services.GetRequiredService<LibsqlClient>().Endpoint);
    }

    [Fact]
    public void Underscore_runs_collapse_as_Aspire_encodes_them()
    {
        using var host = Build(new() { ["ConnectionStrings:my_db"] = "Endpoint=http://collapsed:8080" }, "my--db");

        Assert.Equal(new Uri("http://collapsed:8080"), host.Services.GetRequiredService<LibsqlClient>().Endpoint);
    }

    [Fact]
    public void Connection_properties_alone_make_a_connection_string()
    {
        using var host = Build(new() { ["MY_DB_URI"] = "http://props:8080", ["MY_DB_AUTHTOKEN"] = "tok", ["MY_DB_DATABASE"] = "reports" }, "my-db");

        var client = host.Services.GetRequiredService<LibsqlClient>();

        Assert.Equal(new Uri("http://props:8080"), client.Endpoint);
        Assert.Equal("reports", client.Namespace);
    }

    private static IHost Build(Dictionary<string, string?> configuration, string connectionName)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddLibsqlClient(connectionName, settings => settings.DisableHealthChecks = true);
        return builder.Build();
    }
}
