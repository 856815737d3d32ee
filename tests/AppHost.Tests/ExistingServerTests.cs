using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Libsql.Auth;
using LibsqlAspire.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests;

/// <summary>
/// RunAsExisting end to end: "the existing server" is the test server started by the test as a plain process (not by
/// Aspire), with a key Aspire never sees; the AppHost starts no server and SampleApi reaches that one.
/// </summary>
[Collection(nameof(AppHostTests))]
public sealed class ExistingServerTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("libsql-existing-e2e-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _data.Delete(recursive: true);

    [Fact]
    public async Task RunAsExisting_starts_no_server_and_consumers_and_databases_reach_the_existing_one()
    {
        using var key = LibsqlSigningKey.Generate();
        var token = key.MintToken(LibsqlTokenOptions.FullAccess);
        var (httpPort, adminPort) = (FreePort(), FreePort());
        using var existing = StartExistingServer(key.PublicKey.ToBase64Url(), httpPort, adminPort);
        try
        {
            // localhost, not 127.0.0.1: with namespaces on, sqld reads a namespace from the host name's first label.
            await RunAgainstAsync(existing, $"http://localhost:{httpPort}", adminPort, token);
        }
        finally
        {
            existing.Kill(entireProcessTree: true);
            await existing.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task RunAgainstAsync(Process existing, string url, int adminPort, string token)
    {
        await WaitUntilAnswersAsync(url, existing);
        await CreateNamespaceAsync(adminPort, "orders");

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Libsql:RunMode=LocalProcess", $"--Parameters:store-url={url}", $"--Parameters:store-auth-token={token}"], Token);
        foreach (var resource in builder.Resources.ToList())
        {
            builder.Resources.Remove(resource);
        }

        builder.Services.AddLogging(logging => logging.ClearProviders());
        // Names of their own: the AppHost's Program registered health checks for its resources (db, api) already.
        var store = builder.AddLibsql("store")
            .RunAsExisting(builder.AddParameter("store-url"), builder.AddParameter("store-auth-token", secret: true));
        store.AddDatabase("orders");
        builder.AddProject("consumer", Path.Combine(Requires.RepositoryRoot, "SampleApi", "SampleApi.csproj"))
            .WithReference(store, connectionName: "db")
            .WaitFor(store)
            .WithHttpHealthCheck("/health");

        await using var app = await builder.BuildAsync(Token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(s_timeout);
        try
        {
            await app.StartAsync(timeout.Token);
            foreach (var name in new[] { "store", "orders", "consumer" })
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or DistributedApplicationException)
        {
            var states = string.Join("; ", new[] { "store", "orders", "consumer" }.Select(name => app.ResourceNotifications.TryGetCurrentState(name, out var e)
                ? $"{name}: {e.Snapshot.State?.Text} {e.Snapshot.HealthStatus} [{string.Join(", ", e.Snapshot.HealthReports.Select(r => $"{r.Name}={r.Status} {r.Description}"))}]"
                : $"{name}: no state"));
            Assert.Fail($"The AppHost did not become healthy within {s_timeout} ({ex.Message}): {states}");
        }

        // The consumer writes through its connection string; the row is in the server the test started.
        using var api = app.Client("consumer");
        var folder = $"existing-{Guid.NewGuid():N}";
        using var created = await api.PostAsJsonAsync("/folders", new { name = folder }, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (status, body) = await Hrana.ExecuteAsync(new Uri(url), token, null, $"SELECT count(*) FROM folders WHERE name = '{folder}'", Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("1", Hrana.FirstValue(body));

        var orders = await app.ConnectionStringAsync("orders", Token);
        Assert.Equal(url, orders["Endpoint"]);
        Assert.Equal(token, orders["AuthToken"]);
        Assert.Equal("orders", orders["Namespace"]);
        // Nothing in the model that Aspire would run as sqld: no image, no local process.
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.DoesNotContain(model.Resources, r => r.Annotations.OfType<ContainerImageAnnotation>().Any() || r is LibsqlExecutableResource);
    }

    private Process StartExistingServer(string publicKey, int httpPort, int adminPort)
    {
        var testServer = Assembly.Load(new AssemblyName("AppHost")).GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "LibsqlTestServerPath").Value!;
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(testServer);
        startInfo.ArgumentList.Add("--enable-namespaces");
        startInfo.Environment["SQLD_HTTP_LISTEN_ADDR"] = $"127.0.0.1:{httpPort}";
        startInfo.Environment["SQLD_ADMIN_LISTEN_ADDR"] = $"127.0.0.1:{adminPort}";
        startInfo.Environment["SQLD_DB_PATH"] = Path.Combine(_data.FullName, "iku.db");
        startInfo.Environment["SQLD_AUTH_JWT_KEY"] = publicKey;
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("The test server did not start.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilAnswersAsync(string url, Process server)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + s_timeout;
        while (true)
        {
            Assert.False(server.HasExited, "The existing server exited.");
            try
            {
                using var response = await http.GetAsync("health", Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "The existing server did not answer /health.");
            await Task.Delay(200, Token);
        }
    }

    private static async Task CreateNamespaceAsync(int adminPort, string name)
    {
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}"), Timeout = TimeSpan.FromSeconds(30) };
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync($"v1/namespaces/{name}/create", content, Token);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Token));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
