using Aspire.Hosting.ApplicationModel;
using LibsqlAspire.Testing;

namespace AppHost.Tests.Container;

/// <summary>
/// The container runtime and image the container-mode tests use. By default the local stand-in image built by
/// <c>eng/build-test-server-image.sh</c> (Libsql.TestServer behind sqld's image contract); set
/// <c>LIBSQL_TEST_IMAGE=ghcr.io/tursodatabase/libsql-server:v0.24.33</c> to run the same tests against the real sqld
/// image on a machine that holds it. Without a runtime or the image the tests skip, naming the command that prepares
/// the machine; under CI they fail instead, because CI runs that command.
/// </summary>
internal static class ContainerTestEnvironment
{
    /// <summary>The image eng/build-test-server-image.sh builds.</summary>
    public const string LocalImage = "localhost/libsql-test-server:dev";

    /// <summary>What makes the container tests runnable on a Debian machine.</summary>
    public const string PrepareCommand = "bash eng/ci-prereqs.sh";

    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(20);
    private static readonly Lazy<(string? Runtime, string? Problem)> s_state = new(Detect);

    /// <summary>The image under test: <c>LIBSQL_TEST_IMAGE</c>, else <see cref="LocalImage"/>.</summary>
    public static string Image { get; } =
        Environment.GetEnvironmentVariable("LIBSQL_TEST_IMAGE") is { Length: > 0 } image ? image.Trim() : LocalImage;

    /// <summary>Why the container tests cannot run here; null when they can.</summary>
    public static string? Problem => s_state.Value.Problem;

    /// <summary>
    /// Skips the test (fails it under CI) unless a container runtime answers and holds <see cref="Image"/>.
    /// </summary>
    /// <returns>The runtime's command: <c>podman</c> or <c>docker</c>.</returns>
    public static string Require()
    {
        var (runtime, problem) = s_state.Value;
        if (problem is not null)
        {
            if (Requires.IsCi)
            {
                Assert.Fail($"CI must provide this prerequisite: {problem}");
            }

            Assert.Skip(problem);
        }

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
        ApplyCiEnvironmentFile();
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
                var how = Image == LocalImage ? $"run `{PrepareCommand}`" : $"run `{runtime} pull {Image}`";
                return (runtime, $"The image {Image} is not in {runtime}'s local store: {how}.");
            }

            return (runtime, null);
        }

        return (null, $"No container runtime answered ({string.Join("; ", tried)}): run `{PrepareCommand}` (installs podman and runc, writes eng/.ci-env, builds {LocalImage}).");
    }

    // eng/ci-prereqs.sh writes eng/.ci-env (CONTAINERS_CONF, ASPIRE_CONTAINER_RUNTIME). A shell that did not source it
    // still gets those settings here; variables already set win.
    private static void ApplyCiEnvironmentFile()
    {
        var file = Path.Combine(Requires.RepositoryRoot, "eng", ".ci-env");
        if (!File.Exists(file))
        {
            return;
        }

        foreach (var line in File.ReadLines(file))
        {
            const string Export = "export ";
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (!line.StartsWith(Export, StringComparison.Ordinal) || equals < 0)
            {
                continue;
            }

            var name = line[Export.Length..equals].Trim();
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
            {
                Environment.SetEnvironmentVariable(name, line[(equals + 1)..].Trim());
            }
        }
    }
}
