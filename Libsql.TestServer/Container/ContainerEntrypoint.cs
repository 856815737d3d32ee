using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace Libsql.TestServer.Container;

/// <summary>
/// Entry point of the local test-server image built by <c>eng/build-test-server-image.sh</c>. The image's
/// ENTRYPOINT is a link to this executable named <see cref="EntrypointName"/>. Started under that name, the
/// process does what the real image's <c>docker-wrapper.sh</c>, <c>gosu</c> and <c>docker-entrypoint.sh</c> do
/// together (REFERENCE 1.3), then replaces itself with the resulting command: normally <c>/bin/sqld</c>, a link
/// to this same executable, which then runs as PID 1 and so receives SIGTERM itself.
/// </summary>
internal static class ContainerEntrypoint
{
    /// <summary>The file name of the image's ENTRYPOINT link; the only name that triggers the wrapper.</summary>
    public const string EntrypointName = "libsql-test-server-entrypoint";

    // The real image's `sqld` user and group.
    private const uint SqldUid = 666;
    private const uint SqldGid = 666;
    private const string SqldHome = "/var/lib/sqld";
    private const string DefaultSearchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// Returns at once unless this process was started as the image's entrypoint; otherwise prepares the data
    /// path, drops to the <c>sqld</c> user and executes the command, and never returns.
    /// </summary>
    /// <param name="args">The process arguments.</param>
    public static void RunIfInvokedAsEntrypoint(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!OperatingSystem.IsLinux()
            || !string.Equals(Path.GetFileName(ReadArgumentZero()), EntrypointName, StringComparison.Ordinal))
        {
            return;
        }

        Environment.Exit(Run(args));
    }

    private static int Run(string[] args)
    {
        Func<string, string?> environment = Environment.GetEnvironmentVariable;
        try
        {
            var command = SqldCommandLine.Build(args, environment);

            // Not root (e.g. `--user 666`): nothing to hand over and no right to, so run as we are.
            if (LibcNative.geteuid() == 0)
            {
                var dbPath = Directory.CreateDirectory(SqldCommandLine.DbPath(environment));
                foreach (var path in OwnershipTargets(dbPath.FullName, Console.Error))
                {
                    ChangeOwner(path);
                }

                DropPrivileges();
            }

            return Execute(command);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or Win32Exception)
        {
            Console.Error.WriteLine($"{EntrypointName}: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// What <c>chown -R sqld:sqld &lt;data folder&gt;</c> hands over, as paths for <c>lchown</c> (which changes a link,
    /// never its target): the folder and everything in it, never descending through a symbolic link, the data folder
    /// itself included. A planted <c>iku.db -&gt; /elsewhere</c> gets only the link changed, so nothing outside the
    /// data folder changes owner.
    /// </summary>
    /// <param name="dataPath">The data folder (sqld's <c>--db-path</c>).</param>
    /// <param name="log">Where to say that a linked data folder's target was left alone.</param>
    /// <returns>The paths, parents before their entries.</returns>
    internal static IEnumerable<string> OwnershipTargets(string dataPath, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        ArgumentNullException.ThrowIfNull(log);
        var root = new DirectoryInfo(dataPath);
        yield return root.FullName;
        if (root.LinkTarget is { } target)
        {
            log.WriteLine($"{EntrypointName}: {root.FullName} is a symbolic link to {target}; its target's owner is left unchanged, so sqld may not be able to write there.");
            yield break;
        }

        var pending = new Stack<DirectoryInfo>([root]);
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                yield return entry.FullName;
                if (entry is DirectoryInfo child && child.LinkTarget is null)
                {
                    pending.Push(child);
                }
            }
        }
    }

    private static void ChangeOwner(string path)
    {
        if (LibcNative.lchown(path, SqldUid, SqldGid) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"chown {SqldUid}:{SqldGid} {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    // What gosu does: no supplementary groups, then the group, then the user (the order matters: after setuid
    // the process may no longer change its group).
    private static void DropPrivileges()
    {
        if (LibcNative.setgroups(0, IntPtr.Zero) != 0
            || LibcNative.setgid(SqldGid) != 0
            || LibcNative.setuid(SqldUid) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"cannot switch to uid/gid {SqldUid}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    private static int Execute(IReadOnlyList<string> command)
    {
        var program = Resolve(command[0]);
        var environment = Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .Where(e => !string.Equals((string)e.Key, "HOME", StringComparison.Ordinal))
            .Select(e => $"{e.Key}={e.Value}")
            .Append($"HOME={SqldHome}") // gosu sets the target user's home, too
            .ToList();

        var path = Marshal.StringToCoTaskMemUTF8(program);
        var argv = ToNullTerminated(command);
        var envp = ToNullTerminated(environment);
        LibcNative.execve(path, argv, envp);

        // Still here: execve failed. Exit codes as a shell reports them.
        var errno = Marshal.GetLastPInvokeError();
        Console.Error.WriteLine($"{EntrypointName}: cannot execute {program}: {Marshal.GetPInvokeErrorMessage(errno)}");
        const int NoSuchFile = 2;
        return errno == NoSuchFile ? 127 : 126;
    }

    // execvp's lookup: a name without a slash is searched on PATH.
    private static string Resolve(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return name;
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") is { Length: > 0 } p ? p : DefaultSearchPath;
        return searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists) ?? name;
    }

    // The memory is never freed on purpose: on success the process image is replaced, on failure the process exits.
    private static IntPtr[] ToNullTerminated(IReadOnlyCollection<string> values)
    {
        var result = new IntPtr[values.Count + 1];
        var i = 0;
        foreach (var value in values)
        {
            result[i++] = Marshal.StringToCoTaskMemUTF8(value);
        }

        return result;
    }

    private static string ReadArgumentZero()
    {
        try
        {
            var cmdline = File.ReadAllBytes("/proc/self/cmdline");
            var end = Array.IndexOf(cmdline, (byte)0);
            return Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
