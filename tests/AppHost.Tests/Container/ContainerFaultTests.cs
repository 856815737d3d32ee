namespace AppHost.Tests.Container;

/// <summary>The SIGKILL fault of <see cref="FaultTests"/> with sqld in its container, killed through the container runtime.</summary>
// Same collection as the local-process tests: every AppHost shares the signing key in the tests' user secrets.
[Collection(nameof(AppHostTests))]
public sealed class ContainerFaultTests
{
    [Fact]
    public async Task Sqld_container_killed_mid_write_commits_nothing_partial_and_SampleApi_answers_503_then_200()
    {
        ContainerTestEnvironment.Require();
        var storage = ContainerAppHost.Storage.NewVolume();
        try
        {
            var (app, _) = await ContainerAppHost.StartAsync(storage, TestContext.Current.CancellationToken);
            await using (app)
            {
                await FaultTests.KillMidMoveAndRecoverAsync(app, "container", () =>
                {
                    var killed = ContainerTestEnvironment.Run("kill", "--signal", "KILL", app.ContainerId());
                    Assert.True(killed.Succeeded, killed.ToString());
                    return Task.CompletedTask;
                });
            }
        }
        finally
        {
            ContainerAppHost.RemoveVolume(storage);
        }
    }
}
