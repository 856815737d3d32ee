using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AppHost.Tests;

// One collection: the AppHosts share the generated signing key in the tests' user secrets, so they must not start at once.
[Collection(nameof(AppHostTests))]
public sealed class PersistenceTests
{
    [Fact]
    public async Task A_restarted_AppHost_keeps_its_data_and_honours_tokens_minted_before()
    {
        var token = TestContext.Current.CancellationToken;
        var dataRoot = Directory.CreateTempSubdirectory("libsql-apphost-restart-");
        try
        {
            var name = $"persist-{Guid.NewGuid():N}";
            long folderId;
            string oldToken;
            await using (var first = await AppHostRunner.StartAsync(dataRoot.FullName, token))
            {
                using var api = first.Client("api");
                using var created = await api.PostAsJsonAsync("/folders", new { name }, token);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                folderId = (long)(await created.Content.ReadFromJsonAsync<JsonObject>(token))!["id"]!;
                oldToken = (await first.ConnectionStringAsync("db", token))["AuthToken"];
                await first.StopAsync(token);
            }

            await using var second = await AppHostRunner.StartAsync(dataRoot.FullName, token);
            using var api2 = second.Client("api");
            var folder = await api2.GetFromJsonAsync<JsonObject>($"/folders/{folderId}", token);
            Assert.Equal(name, (string?)folder!["name"]);

            var db = await second.ConnectionStringAsync("db", token);
            var (status, body) = await Hrana.ExecuteAsync(new Uri(db["Endpoint"]), oldToken, null, $"SELECT name FROM folders WHERE id = {folderId}", token);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(name, Hrana.FirstValue(body));
        }
        finally
        {
            dataRoot.Delete(recursive: true);
        }
    }
}
