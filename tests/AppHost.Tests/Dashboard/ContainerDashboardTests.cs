using AppHost.Tests.Container;
using Aspire.Hosting.Testing;

namespace AppHost.Tests.Dashboard;

/// <summary>What the dashboard shows only when sqld runs as a container: the image under test and the gRPC endpoint.</summary>
[Collection(nameof(AppHostTests))]
public sealed class ContainerDashboardTests(ContainerDashboardFixture fixture) : IClassFixture<ContainerDashboardFixture>
{
    [Fact]
    public async Task Sqld_is_listed_and_detailed_as_a_container_of_the_image_under_test_with_its_three_endpoints()
    {
        var app = fixture.RequireApp();
        var page = await DashboardTests.OpenAsync(fixture, "/");
        Assert.Contains(ContainerTestEnvironment.Image, await DashboardTests.Row(page, "db").InnerTextAsync(), StringComparison.Ordinal);

        await DashboardTests.ResourceName(page, "db").ClickAsync();
        var details = DashboardTests.Details(page).Filter(new() { HasText = "Container image" });
        await details.WaitForAsync();
        var text = await details.InnerTextAsync();
        Assert.Contains(ContainerTestEnvironment.Image, text, StringComparison.Ordinal);
        foreach (var endpoint in new[] { "http", "grpc", "admin" })
        {
            Assert.Contains(app.GetEndpoint("db", endpoint).GetLeftPart(UriPartial.Authority).Replace("127.0.0.1", "localhost", StringComparison.Ordinal), text, StringComparison.Ordinal);
        }

        await fixture.ScreenshotAsync("01-sqld-container-details");
    }
}
