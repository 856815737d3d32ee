using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;

namespace AppHost.Tests.Container;

// Same collection as the local-process tests: every AppHost shares the signing key in the tests' user secrets.
[Collection(nameof(AppHostTests))]
public sealed class ContainerPersistenceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_named_volume_keeps_the_data_and_old_tokens_across_an_AppHost_restart()
    {
        ContainerTestEnvironment.Require();
        var storage = ContainerAppHost.Storage.NewVolume();
        try
        {
            await AssertDataAndTokensSurviveARestartAsync(storage);
        }
        finally
        {
            ContainerAppHost.RemoveVolume(storage);
        }
    }

    [Fact]
    public async Task A_bind_mount_keeps_the_data_and_old_tokens_across_an_AppHost_restart_and_is_owned_by_uid_666()
    {
        ContainerTestEnvironment.Require();
        var host = ContainerTestEnvironment.CreateBindMountSource("libsql-apphost-bind-");
        try
        {
            await AssertDataAndTokensSurviveARestartAsync(new ContainerAppHost.Storage(null, host.FullName));

            // The entrypoint handed sqld's data path to uid/gid 666 (sqld's user), as the real image's wrapper does.
            Assert.Equal("666:666", Owner(Path.Combine(host.FullName, "iku.db")));
            var data = Path.Combine(host.FullName, "iku.db", "dbs", "default", "data");
            Assert.True(File.Exists(data), $"{data} is missing");
            Assert.Equal("666:666", Owner(data));
        }
        finally
        {
            host.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_persistent_container_keeps_running_after_the_AppHost_stops_and_the_next_AppHost_reuses_it()
    {
        ContainerTestEnvironment.Require();
        var storage = ContainerAppHost.Storage.NewVolume() with { Persistent = true };
        string? containerId = null;
        try
        {
            string firstId;
            var name = $"persistent-{Guid.NewGuid():N}";
            var (first, _) = await ContainerAppHost.StartAsync(storage, Token);
            await using (first)
            {
                firstId = containerId = first.ContainerId();
                await CreateFolderAsync(first, name);
                await first.StopAsync(Token);
            }

            Assert.Equal("true", ContainerTestEnvironment.Run("inspect", "--format", "{{.State.Running}}", firstId).StandardOutput);

            var (second, _) = await ContainerAppHost.StartAsync(storage, Token);
            await using (second)
            {
                Assert.Equal(firstId, second.ContainerId());
                using var api = second.Client("api");
                using var list = await api.GetAsync("/folders?limit=100", Token);
                Assert.Contains(name, await list.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
                await second.StopAsync(Token);
            }
        }
        finally
        {
            if (containerId is not null)
            {
                ContainerTestEnvironment.Run("rm", "-f", "-t", "0", containerId);
            }

            ContainerAppHost.RemoveVolume(storage);
        }
    }

    private static async Task AssertDataAndTokensSurviveARestartAsync(ContainerAppHost.Storage storage)
    {
        var name = $"persist-{Guid.NewGuid():N}";
        long folderId;
        string oldToken;
        var (first, _) = await ContainerAppHost.StartAsync(storage, Token);
        await using (first)
        {
            folderId = await CreateFolderAsync(first, name);
            oldToken = (await first.ConnectionStringAsync("db", Token))["AuthToken"];
            await first.StopAsync(Token);
        }

        var (second, _) = await ContainerAppHost.StartAsync(storage, Token);
        await using (second)
        {
            using var api = second.Client("api");
            var folder = await api.GetFromJsonAsync<JsonObject>($"/folders/{folderId}", Token);
            Assert.Equal(name, (string?)folder!["name"]);

            var db = await second.ConnectionStringAsync("db", Token);
            var (status, body) = await Hrana.ExecuteAsync(new Uri(db["Endpoint"]), oldToken, null, $"SELECT name FROM folders WHERE id = {folderId}", Token);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(name, Hrana.FirstValue(body));
            await second.StopAsync(Token);
        }
    }

    private static async Task<long> CreateFolderAsync(DistributedApplication app, string name)
    {
        using var api = app.Client("api");
        using var created = await api.PostAsJsonAsync("/folders", new { name }, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (long)(await created.Content.ReadFromJsonAsync<JsonObject>(Token))!["id"]!;
    }

    private static string Owner(string path)
    {
        var stat = ContainerCli.Run("stat", ["-c", "%u:%g", path], TimeSpan.FromSeconds(10));
        Assert.True(stat.Succeeded, stat.ToString());
        return stat.StandardOutput;
    }
}
