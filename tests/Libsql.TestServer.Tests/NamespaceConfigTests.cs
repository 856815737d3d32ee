using System.Net;
using System.Text;
using Libsql.Auth;
using Libsql.Client.Hrana;
using Libsql.TestServer.Namespaces;

namespace Libsql.TestServer.Tests;

/// <summary>Namespace settings (sqld's DatabaseConfig) and their persistence across restarts.</summary>
public sealed class NamespaceConfigTests
{
    [Fact]
    public async Task Namespace_keeps_its_own_jwt_key_after_a_restart_on_the_same_folder()
    {
        var folder = Directory.CreateTempSubdirectory("libsql-ns-config-").FullName;
        try
        {
            using var serverKey = LibsqlSigningKey.Generate();
            using var own = LibsqlSigningKey.Generate();
            var options = new LibsqlTestServerOptions { SigningKey = serverKey, EnableNamespaces = true, DatabasePath = folder };
            await using (var first = await LibsqlTestServer.StartAsync(options, TestContext.Current.CancellationToken))
            {
                using var admin = new HttpClient { BaseAddress = first.AdminUri };
                using var create = await admin.PostAsync("v1/namespaces/own/create", new StringContent($$"""{"jwt_key":"{{own.PublicKey.ToBase64Url()}}"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, create.StatusCode);
            }

            await using var second = await LibsqlTestServer.StartAsync(options, TestContext.Current.CancellationToken);
            using var withServerKey = new HranaHttp(second.Uri, second.MintToken(), "own");
            using var refused = await withServerKey.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("SELECT 1")] });
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            using var withOwnKey = new HranaHttp(second.Uri, own.MintToken(), "own");
            Assert.Equal(1, (await withOwnKey.ExecuteAsync("SELECT 1")).Rows[0][0].Integer);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Settings_of_every_namespace_default_included_are_read_back_by_a_new_store()
    {
        var folder = Directory.CreateTempSubdirectory("libsql-ns-config-").FullName;
        try
        {
            using var own = LibsqlSigningKey.Generate();
            var settings = NamespaceConfig.Default with
            {
                AllowAttach = true,
                BlockWrites = true,
                BlockReason = "read-only for maintenance",
                JwtKey = own.PublicKey.ToBase64Url(),
                TxnTimeoutSeconds = 9,
                MaxDbPages = 100,
            };
            using (var store = new NamespaceStore(folder, enabled: true))
            {
                store.SetConfig(NamespaceStore.DefaultNamespace, settings);
                store.Create("other", NamespaceConfig.Default with { BlockReads = true });
            }

            using var reopened = new NamespaceStore(folder, enabled: true);
            Assert.Equal(settings, reopened.GetConfig(NamespaceStore.DefaultNamespace));
            Assert.Equal(own.PublicKey, Assert.Single(reopened.JwtKeys(NamespaceStore.DefaultNamespace)!));
            Assert.True(reopened.GetConfig("other").BlockReads);
            Assert.Equal(TimeSpan.FromSeconds(9), reopened.GetConfig(NamespaceStore.DefaultNamespace).TxnTimeout);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_settings_file_that_cannot_be_read_stops_the_server_rather_than_open_the_namespace()
    {
        var folder = Directory.CreateTempSubdirectory("libsql-ns-config-").FullName;
        try
        {
            using var key = LibsqlSigningKey.Generate();
            using (var store = new NamespaceStore(folder, enabled: true))
            {
                store.Create("locked", NamespaceConfig.Default with { JwtKey = key.PublicKey.ToBase64Url() });
            }

            var file = Path.Combine(folder, "dbs", "locked", "config.json");
            File.WriteAllText(file, """{"jwt_key": "not a key"}""");
            var error = Assert.Throws<InvalidOperationException>(() => new NamespaceStore(folder, enabled: true));
            Assert.Contains("namespace `locked`", error.Message, StringComparison.Ordinal);
            Assert.Contains(file, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
