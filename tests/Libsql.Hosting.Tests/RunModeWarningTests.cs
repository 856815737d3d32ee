using Aspire.Hosting.Eventing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Libsql.Hosting.Tests.HostingTestHelpers;

namespace Libsql.Hosting.Tests;

/// <summary>
/// What the README promises about Auto mode and the warnings: the container when the runtime holds the pinned image,
/// never a pull, and the fallback and WithoutAuth warnings where a developer looks. The container runtime is a script
/// that records how it was called; the warnings come from firing the resource's BeforeResourceStartedEvent, as DCP does.
/// </summary>
public sealed class RunModeWarningTests : IDisposable
{
    private const string PinnedImage = "ghcr.io/tursodatabase/libsql-server:v0.24.33";

    // Lower case: the probe lower-cases the runtime's name, as Aspire does.
    private readonly DirectoryInfo _folder = Directory.CreateDirectory(Path.Combine("/tmp", $"libsql-fake-runtime-{Guid.NewGuid():N}"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Auto_runs_the_container_when_the_runtime_answers_and_holds_the_pinned_image_and_never_pulls()
    {
        var runtime = FakeRuntime(holdsImage: true);
        using var builder = RunModeBuilder($"--ASPIRE_CONTAINER_RUNTIME={runtime}");

        var db = builder.AddLibsqlWithLocalFallback("db", new LibsqlLocalProcess("sqld"));

        Assert.IsType<LibsqlServerResource>(db.Resource);
        Assert.Null(db.Resource.State.FallbackReason);
        Assert.Equal([$"image inspect {PinnedImage}"], Calls());
    }

    [Fact]
    public void Auto_falls_back_without_pulling_when_the_runtime_lacks_the_image()
    {
        var runtime = FakeRuntime(holdsImage: false);
        using var builder = RunModeBuilder($"--ASPIRE_CONTAINER_RUNTIME={runtime}");

        var db = builder.AddLibsqlWithLocalFallback("db", new LibsqlLocalProcess("sqld"));

        Assert.IsType<LibsqlExecutableResource>(db.Resource);
        Assert.Contains($"the image {PinnedImage} is not present locally", db.Resource.State.FallbackReason, StringComparison.Ordinal);
        Assert.Contains($"pull {PinnedImage}", db.Resource.State.FallbackReason, StringComparison.Ordinal);
        Assert.Equal([$"image inspect {PinnedImage}"], Calls());
    }

    [Fact]
    public void Auto_falls_back_and_says_the_runtime_did_not_answer_when_it_cannot_be_asked()
    {
        var runtime = FakeRuntime(holdsImage: false, answers: false);
        using var builder = RunModeBuilder($"--ASPIRE_CONTAINER_RUNTIME={runtime}");

        var db = builder.AddLibsqlWithLocalFallback("db", new LibsqlLocalProcess("sqld"));

        Assert.IsType<LibsqlExecutableResource>(db.Resource);
        Assert.Contains($"no usable container runtime ('{runtime} image inspect' did not answer (Cannot connect to the daemon))", db.Resource.State.FallbackReason, StringComparison.Ordinal);
        Assert.DoesNotContain("not present locally", db.Resource.State.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fallback_warning_is_in_the_AppHost_log_the_resource_log_and_the_libsql_fallback_property()
    {
        using var builder = RunModeBuilder("--ASPIRE_CONTAINER_RUNTIME=no-such-runtime-here");
        builder.Services.AddLogging(logging => logging.AddFakeLogging());
        var db = builder.AddLibsqlWithLocalFallback("db", new LibsqlLocalProcess("sqld"));
        using var app = builder.Build();

        var resourceLog = await StartResourceAsync(app, db.Resource);

        var reason = db.Resource.State.FallbackReason!;
        Assert.Contains("runs as a local process (sqld) instead of the sqld container", reason, StringComparison.Ordinal);
        Assert.Contains(resourceLog, line => line.Contains(reason, StringComparison.Ordinal));
        Assert.Contains(app.Services.GetFakeLogCollector().GetSnapshot(), record =>
            record.Level == LogLevel.Warning && record.Category == "Libsql.Hosting" && record.Message == reason);
        Assert.True(app.Services.GetRequiredService<ResourceNotificationService>().TryGetCurrentState("db", out var state));
        Assert.Equal(reason, state.Snapshot.Properties.Single(p => p.Name == "libsql.fallback").Value?.ToString());
    }

    [Fact]
    public async Task WithoutAuth_warns_in_the_resource_log_when_the_server_starts()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db").WithoutAuth();
        using var app = builder.Build();

        var resourceLog = await StartResourceAsync(app, db.Resource);

        Assert.Contains(resourceLog, line => line.Contains("libSQL server 'db' runs WITHOUT authentication (WithoutAuth)", StringComparison.Ordinal));
    }

    // Fires the event DCP fires before starting the resource and returns the resource's log lines written by then.
    private static async Task<List<string>> StartResourceAsync(DistributedApplication app, IResource resource)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var lines = new List<string>();
        var firstBatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Task.Run(async () =>
        {
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(resource).WithCancellation(timeout.Token))
            {
                lock (lines)
                {
                    lines.AddRange(batch.Select(line => line.Content));
                }

                firstBatch.TrySetResult();
            }
        }, timeout.Token);

        await app.Services.GetRequiredService<IDistributedApplicationEventing>().PublishAsync(new BeforeResourceStartedEvent(resource, app.Services), timeout.Token);
        await firstBatch.Task.WaitAsync(timeout.Token);
        await timeout.CancelAsync();
        try
        {
            await watch;
        }
        catch (OperationCanceledException)
        {
            // The watch ends only by cancellation.
        }

        lock (lines)
        {
            return [.. lines];
        }
    }

    // A container runtime that answers (or not, like a docker CLI without its daemon), holds the pinned image or not
    // (saying so as Podman does), and records every call.
    private string FakeRuntime(bool holdsImage, bool answers = true)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("The fake container runtime is a POSIX shell script.");
        }

        var script = Path.Combine(_folder.FullName, "runtime");
        File.WriteAllText(script, $"""
            #!/bin/sh
            echo "$*" >> "{Path.Combine(_folder.FullName, "calls")}"
            {(answers ? "" : "echo 'Cannot connect to the daemon' >&2; exit 1")}
            case "$1" in
              image) {(holdsImage ? "exit 0" : "echo \"Error: $3: image not known\" >&2; exit 125")} ;;
              *) exit 3 ;;
            esac

            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }

    private string[] Calls()
    {
        var calls = Path.Combine(_folder.FullName, "calls");
        return File.Exists(calls) ? File.ReadAllLines(calls) : [];
    }
}
