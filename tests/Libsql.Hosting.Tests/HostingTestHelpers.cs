using Aspire.Hosting.Testing;
using Libsql.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Libsql.Hosting.Tests;

/// <summary>Builds models without starting anything and reads what DCP would be given.</summary>
internal static class HostingTestHelpers
{
    public const string PublishArgs = "--operation publish --publisher manifest --output-path /tmp/libsql-hosting-tests-manifest.json";

    /// <summary>A fixed signing key, so run-mode values are computed without user secrets.</summary>
    public static string NewSeed()
    {
        using var key = LibsqlSigningKey.Generate();
        return key.ExportBase64Url();
    }

    public static IDistributedApplicationTestingBuilder RunModeBuilder(params string[] args) =>
        DistributedApplicationTestingBuilder.Create(args);

    public static IDistributedApplicationTestingBuilder PublishModeBuilder(params string[] args) =>
        DistributedApplicationTestingBuilder.Create([.. PublishArgs.Split(' '), .. args]);

    /// <summary>Gives every endpoint of the resource a localhost address, as DCP would in run mode.</summary>
    public static void Allocate(IResource resource, int firstPort = 41000)
    {
        var port = firstPort;
        foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
        {
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port++, targetPortExpression: (endpoint.TargetPort ?? port + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public static async Task<(Dictionary<string, string> Environment, IReadOnlyList<(string Value, bool IsSensitive)> Arguments)> GetConfigurationAsync(
        DistributedApplication app, IResource resource)
    {
        var context = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var result = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .WithArgumentsConfig()
            .BuildAsync(context, null, TestContext.Current.CancellationToken);
        Assert.Null(result.Exception);
        return (result.EnvironmentVariables.ToDictionary(e => e.Key, e => e.Value), result.Arguments.ToList());
    }

    public static LibsqlTokenValidationResult Validate(string publicKey, string token) =>
        new LibsqlTokenValidator([LibsqlPublicKey.Parse(publicKey)]).ValidateToken(token);

    /// <summary>Splits <c>Endpoint=...;AuthToken=...</c> into its parts.</summary>
    public static Dictionary<string, string> ParseConnectionString(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.OrdinalIgnoreCase);
}
