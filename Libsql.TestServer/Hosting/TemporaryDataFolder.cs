namespace Libsql.TestServer.Hosting;

/// <summary>
/// The data folder of a server started without one: <c>&lt;temp&gt;/libsql-testserver-&lt;user&gt;/&lt;random&gt;</c>, both
/// levels mode 0700 on Unix, so other users of a shared machine can neither read the databases nor plant a link in
/// the server's way.
/// </summary>
internal static class TemporaryDataFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates a new, empty folder and returns its full path.</summary>
    /// <exception cref="IOException">The per-user folder is a link or belongs to someone else.</exception>
    public static string Create() => Create(Path.GetTempPath(), Environment.UserName);

    internal static string Create(string tempRoot, string userName)
    {
        var parent = Path.Combine(tempRoot, "libsql-testserver-" + userName);
        if (OperatingSystem.IsWindows())
        {
            // %TEMP% is already the user's own.
            return Directory.CreateDirectory(Path.Combine(parent, NewName())).FullName;
        }

        var info = Directory.CreateDirectory(parent, OwnerOnly);
        if (info.LinkTarget is not null)
        {
            throw new IOException($"{parent} is a symbolic link; delete it (the test server keeps its temporary data folders there and makes it itself).");
        }

        if (File.GetUnixFileMode(parent) != OwnerOnly)
        {
            try
            {
                // Only the owner may change the mode: this fails for a folder someone else made.
                File.SetUnixFileMode(parent, OwnerOnly);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new IOException($"{parent} belongs to another user; delete it or set TMPDIR to a folder of your own.", e);
            }
        }

        return Directory.CreateDirectory(Path.Combine(parent, NewName()), OwnerOnly).FullName;
    }

    private static string NewName() => Guid.NewGuid().ToString("N")[..12];
}
