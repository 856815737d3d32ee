using Aspire.Hosting.ApplicationModel;
using LibsqlAspire.Testing;

namespace AppHost.Tests.Container;

/// <summary>
/// The container runtime and image the container-mode tests use. By default the local stand-in image built by
/// <c>eng/build-test-server-image.sh</c> (Libsql.TestServer behind sqld's image contract); set
/// <c>LIBSQL_TEST_IMAGE=ghcr.io/tursodatabase/libsql-server:v0.24.33</c> to run the same tests against the real sqld
/// image on a machine that holds it. Without a runtime that can start the image (checked by starting it once per run),
/// or without the image, the tests skip with the runtime's own error and the command or setting that fixes it; under CI
/// they fail instead, because CI prepares the machine.
/// </summary>
internal static class ContainerTestEnvironment
{
    /// <summary>The image eng/build-test-server-image.sh builds.</summary>
    public const string LocalImage = "localhost/libsql-test-server:dev";

    /// <summary>What makes the container tests runnable on a Debian machine.</summary>
    public const string PrepareCommand = "bash eng/ci-prereqs.sh";

    /// <summary>The script that builds <see cref="LocalImage"/>.</summary>
    public const string BuildImageScript = "eng/build-test-server-image.sh";

    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(20);
    private static readonly Lazy<(string? Runtime, string? Problem)> s_state = new(Detect);

    /// <summary>The image under test: <c>LIBSQL_TEST_IMAGE</c>, else <see cref="LocalImage"/>.</summary>
    public static string Image { get; } =
        Environment.GetEnvironmentVariable("LIBSQL_TEST_IMAGE") is { Length: > 0 } image ? image.Trim() : LocalImage;

    /// <summary>Why the container tests cannot run here; null when they can.</summary>
    public static string? Problem => s_state.Value.Problem;

    /// <summary>
    /// Skips the test (fails it under CI) unless a container runtime answers, holds <see cref="Image"/> and can run it.
    /// </summary>
    /// <returns>The runtime's command: <c>podman</c> or <c>docker</c>.</returns>
    public static string Require()
    {
        var (runtime, problem) = s_state.Value;
        Requires.MissingUnlessCi(problem is not null, problem ?? "");
        return runtime!;
    }

    /// <summary>Runs the runtime's CLI.</summary>
    /// <param name="arguments">The arguments.</param>
    /// <returns>The outcome.</returns>
    public static ContainerCli.Result Run(params string[] arguments) => ContainerCli.Run(Require(), arguments, TimeSpan.FromMinutes(1));

    /// <summary>Points a container resource at <see cref="Image"/> instead of the pinned registry image.</summary>
    /// <param name="resource">The sqld container resource.</param>
    public static void UseImageUnderTest(ContainerResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var annotation = resource.Annotations.OfType<ContainerImageAnnotation>().Single();
        var lastSlash = Image.LastIndexOf('/');
        var colon = Image.LastIndexOf(':');
        annotation.Registry = null;
        annotation.Image = colon > lastSlash ? Image[..colon] : Image;
        annotation.Tag = colon > lastSlash ? Image[(colon + 1)..] : "latest";
    }

    /// <summary>
    /// A host folder for a bind mount at /var/lib/sqld, with the mode <c>mkdir</c> gives (a temp folder is 0700): uid 666
    /// must reach iku.db inside it, because the entrypoint hands over only that folder, as the real image's wrapper does.
    /// </summary>
    /// <param name="prefix">The folder name's prefix.</param>
    /// <returns>The folder; the caller deletes it.</returns>
    public static DirectoryInfo CreateBindMountSource(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return directory;
    }

    private static (string? Runtime, string? Problem) Detect()
    {
        var chosen = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME");
        string[] candidates = chosen is { Length: > 0 } ? [chosen.Trim().ToLowerInvariant()] : ["docker", "podman"];
        var tried = new List<string>();
        foreach (var runtime in candidates)
        {
            var info = ContainerCli.Run(runtime, ["info"], s_probeTimeout);
            if (!info.Succeeded)
            {
                tried.Add($"`{runtime} info` failed");
                continue;
            }

            // Aspire (DCP) asks docker first; with only a docker CLI and no daemon it must be told to use podman.
            if (chosen is not { Length: > 0 })
            {
                Environment.SetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME", runtime);
            }

            if (!ContainerCli.Run(runtime, ["image", "inspect", Image], s_probeTimeout).Succeeded)
            {
                var how = Image == LocalImage
                    ? $"build it with `bash {BuildImageScript}` (it builds into the runtime the tests use: ASPIRE_CONTAINER_RUNTIME, else docker when its daemon answers, else podman)"
                    : $"run `{runtime} pull {Image}`";
                return (runtime, $"The image {Image} is not in {runtime}'s local store: {how}.");
            }

            return (runtime, RunOnce(runtime));
        }

        return (null, $"No container runtime answered ({string.Join("; ", tried)}): run `{PrepareCommand}` (installs podman and runc, writes eng/.ci-env, builds {LocalImage}).");
    }

    // `podman info` answers on hosts where no container can start (crun or runc refused by the kernel: rlimits,
    // cgroups), so the only honest check is to start the image under test: detached with its own command, then removed.
    private static string? RunOnce(string runtime)
    {
        var name = $"libsql-probe-{Guid.NewGuid():N}"[..26];
        var run = ContainerCli.Run(runtime, ["run", "-d", "--rm", "--pull", "never", "--name", name, Image], s_probeTimeout);
        ContainerCli.Run(runtime, ["rm", "-f", "-v", "-t", "0", name], s_probeTimeout);
        if (run.Succeeded)
        {
            return null;
        }

        var error = run.StandardError.Length > 0 ? run.StandardError : run.ToString();
        var fix = runtime == "podman"
            ? "With Debian's podman use runc with lowered ulimits: `export CONTAINERS_CONF=$PWD/eng/podman/containers.conf` "
                + $"(or `{PrepareCommand} && . eng/.ci-env`); see the README's section \"Containers: Docker, Podman and the local test image\""
            : "see the README's section \"Containers: Docker, Podman and the local test image\"";
        return $"{runtime} cannot run {Image}: {error}. {fix}.";
    }
}
