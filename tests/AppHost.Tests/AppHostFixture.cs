using Aspire.Hosting;

namespace AppHost.Tests;

/// <summary>One started AppHost shared by the tests that do not stop or restart it.</summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _dataRoot = Directory.CreateTempSubdirectory("libsql-apphost-tests-");

    public DistributedApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        App = await AppHostRunner.StartAsync(_dataRoot.FullName, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        _dataRoot.Delete(recursive: true);
    }
}
