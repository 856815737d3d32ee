using System.Diagnostics;
using System.Net;

namespace SampleApi.Tests;

public sealed class StartupTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_connection_string_the_service_logs_one_line_naming_the_setting_and_exits_with_code_1()
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "SampleApi.dll");
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            // Not the output folder: the one-line format must not depend on finding appsettings.json.
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = (await stdout) + (await stderr);
        // The README documents exit code 1 (not a crash's code, nor 0).
        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single(output.Split('\n'), l => l.Contains("ConnectionStrings:db", StringComparison.Ordinal));
        Assert.Contains("ConnectionStrings__db", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_is_served_in_development()
    {
        using var response = await api.Client.GetAsync("/openapi/v1.json", Ct);

        await Api.ExpectAsync(response, HttpStatusCode.OK);
        var document = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"/folders/{id}\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/notes/move\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/folders/{folderId}/notes\"", document, StringComparison.Ordinal);
        Assert.Contains("Moves notes into one folder, all or none", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_is_not_served_in_production()
    {
        await using var production = new SampleApiFactory(api.Server.ConnectionString) { Environment = "Production" };
        using var client = production.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var health = await client.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
