using System.Diagnostics;
using System.Text;

namespace AppHost.Tests.Container;

/// <summary>
/// The image under test (by default the local stand-in; LIBSQL_TEST_IMAGE switches to the real sqld image) honours
/// the real image's contract (libsql's Dockerfile, docker-wrapper.sh and docker-entrypoint.sh) when run directly by the container runtime, without Aspire.
/// </summary>
public sealed class ImageContractTests : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Default_command_serves_on_8080_as_uid_666_with_the_entrypoint_defaults_and_stops_promptly_on_SIGTERM()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var container = RunningContainer.Start([], []);
        await container.WaitHealthyAsync(_http, cancellationToken);

        var (uid, gid, args) = container.MainProcess();
        Assert.Equal(("666", "666"), (uid, gid));
        Assert.Equal("/bin/sqld --db-path iku.db --http-listen-addr 0.0.0.0:8080 --grpc-listen-addr 0.0.0.0:5001", args);

        // PID 1 must act on SIGTERM itself: one that ignores it is killed when the stop timeout runs out (exit 137), so
        // the stop returning well before that timeout, with another exit code, is the proof; no tighter clock is needed.
        const int StopTimeoutSeconds = 30;
        var stopwatch = Stopwatch.StartNew();
        var stop = ContainerTestEnvironment.Run("stop", "-t", $"{StopTimeoutSeconds}", container.Name);
        stopwatch.Stop();
        Assert.True(stop.Succeeded, stop.ToString());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(StopTimeoutSeconds), $"stopping took {stopwatch.Elapsed}: SIGTERM was ignored");
        Assert.NotEqual("137", ContainerTestEnvironment.Run("inspect", "--format", "{{.State.ExitCode}}", container.Name).StandardOutput);
    }

    [Fact]
    public async Task SQLD_variables_choose_the_data_path_listen_address_and_node_kind()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var container = RunningContainer.Start(
            ["-e", "SQLD_NODE=standalone", "-e", "SQLD_DB_PATH=/var/lib/sqld/other.db", "-e", "SQLD_HTTP_LISTEN_ADDR=0.0.0.0:8081"],
            [],
            httpPort: 8081);
        await container.WaitHealthyAsync(_http, cancellationToken);

        var (_, _, args) = container.MainProcess();
        Assert.Equal("/bin/sqld --db-path /var/lib/sqld/other.db --http-listen-addr 0.0.0.0:8081", args);
    }

    [Fact]
    public async Task Arguments_not_starting_with_bin_sqld_run_exactly_as_given_still_as_uid_666()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var container = RunningContainer.Start([], ["sqld", "--http-listen-addr", "0.0.0.0:8080", "--db-path", "/tmp/given.db"]);
        await container.WaitHealthyAsync(_http, cancellationToken);

        var (uid, _, args) = container.MainProcess();
        Assert.Equal("666", uid);
        Assert.Equal("sqld --http-listen-addr 0.0.0.0:8080 --db-path /tmp/given.db", args);
    }

    [Fact]
    public async Task A_root_owned_bind_mount_is_handed_to_uid_666_and_holds_the_database()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var host = ContainerTestEnvironment.CreateBindMountSource("libsql-bind-").FullName;
        try
        {
            await using (var container = RunningContainer.Start(["-v", $"{host}:/var/lib/sqld"], []))
            {
                await container.WaitHealthyAsync(_http, cancellationToken);
                var body = """{"requests":[{"type":"execute","stmt":{"sql":"CREATE TABLE kept(x)"}},{"type":"close"}]}""";
                using var response = await _http.PostAsync(new Uri(container.BaseAddress, "v2/pipeline"), new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            }

            Assert.Equal("666:666", Owner(Path.Combine(host, "iku.db")));
            var data = Path.Combine(host, "iku.db", "dbs", "default", "data");
            Assert.True(File.Exists(data), $"{data} is missing");
            Assert.Equal("666:666", Owner(data));
        }
        finally
        {
            Directory.Delete(host, recursive: true);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Owner(string path)
    {
        var stat = ContainerCli.Run("stat", ["-c", "%u:%g", path], TimeSpan.FromSeconds(10));
        Assert.True(stat.Succeeded, stat.ToString());
        return stat.StandardOutput;
    }
}
