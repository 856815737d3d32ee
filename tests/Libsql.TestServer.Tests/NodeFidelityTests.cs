using System.Diagnostics;
using Libsql.Auth;
using LibsqlAspire.Testing;

namespace Libsql.TestServer.Tests;

/// <summary>
/// libSQL's own TypeScript client (tests/interop/server/fidelity.test.mjs, run by `node --test`) against the
/// standalone server, with /v3-protobuf offered and switched off.
/// </summary>
public sealed class NodeFidelityTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Official_client_suite_passes_against_the_standalone_server(bool protobuf)
    {
        var node = Requires.NodeInterop();
        using var key = LibsqlSigningKey.Generate();
        var data = Directory.CreateTempSubdirectory("libsql-fidelity-").FullName;
        try
        {
            await using var server = await StandaloneServer.StartAsync(new Dictionary<string, string>
            {
                ["SQLD_HTTP_LISTEN_ADDR"] = "127.0.0.1:0",
                ["SQLD_DB_PATH"] = data,
                ["SQLD_AUTH_JWT_KEY"] = key.PublicKey.ToBase64Url(),
                ["LIBSQL_TESTSERVER_DISABLE_PROTOBUF"] = protobuf ? "false" : "true",
            });

            var (exitCode, output) = await RunSuiteAsync(node, server.Uri, key, protobuf);

            TestContext.Current.TestOutputHelper?.WriteLine(output);
            Assert.True(exitCode == 0, $"node --test exited with {exitCode}:\n{output}\n--- server ---\n{server.Output}");
            Assert.Contains("# fail 0", output, StringComparison.Ordinal);
            Assert.Equal(0, await server.StopAsync());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    internal static async Task<(int ExitCode, string Output)> RunSuiteAsync(string node, Uri server, LibsqlSigningKey key, bool protobuf)
    {
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = Path.Combine(Requires.RepositoryRoot, "tests", "interop"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--test");
        start.ArgumentList.Add("--test-reporter=tap");
        start.ArgumentList.Add(Path.Combine("server", "fidelity.test.mjs"));
        start.Environment["LIBSQL_URL"] = server.GetLeftPart(UriPartial.Authority);
        start.Environment["LIBSQL_EXPECT_PROTOBUF"] = protobuf ? "true" : "false";

        // The private key goes to the child's environment only, never to its arguments or to any output.
        start.Environment["LIBSQL_TEST_PRIVATE_KEY_PEM"] = key.ExportPem();

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
